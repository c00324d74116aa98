import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue } from './index.ts';
import { parseSynonyms } from './solr-synonyms.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('YAML catalogue', () => {
  it('reads every kind with its options', async () => {
    const services = await loadCatalogue('good.yaml', FIXTURES);
    expect(services.map((s) => [s.name, s.code, s.kind])).toEqual([
      ['TG day registration', 'tgday', 'day-pick'],
      ['TG day lookup', '2', 'day-lookup'],
      ['Weekly report', 'report', 'report-upload'],
      ['Wi-Fi password', 'wifi', 'reply'],
      ['Leave request', 'leave', 'form'],
    ]);
    expect(services[0]).toMatchObject({
      synonyms: ['티지데이', 'TG day'],
      options: { label: 'TG day', deadlineDay: 3 },
    });
    expect(services[1]!.options).toEqual({});
    expect(services[2]!.options).toEqual({ extensions: ['pptx', 'pdf'] });
    expect(services[3]!.options).toEqual({ text: 'Ask the front desk.' });
    expect(services[4]!.options).toMatchObject({ form: { title: 'Leave request' } });
  });

  it.each([
    ['unknown-kind.yaml', /unknown-kind\.yaml:4: service "Coffee": kind: /],
    [
      'missing-reply-text.yaml',
      /missing-reply-text\.yaml:2: service "Wi-Fi password" \(kind reply\): text: missing/,
    ],
    [
      'duplicate-code.yaml',
      /duplicate-code\.yaml:7: service "Guest Wi-Fi": code wifi is already used by "Wi-Fi password"/,
    ],
    [
      'misspelt-option.yaml',
      /misspelt-option\.yaml:5: service "Wi-Fi password" \(kind reply\): unknown key txt/,
    ],
  ])('refuses %s with the file, line, service and key', async (file, message) => {
    const err = await loadCatalogue(file, FIXTURES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogueError);
    expect((err as Error).message).toMatch(message);
  });

  it('names a missing file', async () => {
    await expect(loadCatalogue('nope.yaml', FIXTURES)).rejects.toThrow(/nope\.yaml: no such file/);
  });
});

describe("the old bot's Elasticsearch folder", () => {
  it('turns each document into a service with the synonyms that map to it', async () => {
    const services = await loadCatalogue('tg-chatbot', FIXTURES);
    const byName = Object.fromEntries(services.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['TGday', 'WorkReport', 'getTgday']);
    expect(byName['TGday']).toMatchObject({ code: '1', kind: 'day-pick', options: { deadlineDay: 3 } });
    expect(byName['TGday']!.synonyms).toEqual(['TGday', '티지데이', 'TG day', '티지 데이']);
    expect(byName['getTgday']).toMatchObject({ code: '2', kind: 'day-lookup' });
    expect(byName['getTgday']!.synonyms).toEqual([
      'getTgday',
      '티지데이 조회',
      '조회 티지데이',
      'Get tgday',
      'GetTgday',
      'tgday Get',
      'tgday 조회',
    ]);
    expect(byName['WorkReport']).toMatchObject({
      code: '3',
      kind: 'report-upload',
      options: { extensions: ['pptx'] },
    });
    expect(byName['WorkReport']!.synonyms).toEqual([
      'WorkReport',
      '업무보고',
      '주간업무',
      '주간 업무 보고',
      '주간 보고',
    ]);
  });

  it('accepts the index.json path too', async () => {
    expect(await loadCatalogue('tg-chatbot/index.json', FIXTURES)).toHaveLength(3);
  });

  it('reads inline synonyms from the filter, mappings and equivalences', async () => {
    const [report] = await loadCatalogue('inline-synonyms', FIXTURES);
    expect(report).toMatchObject({
      name: 'WorkReport',
      code: '3',
      synonyms: ['WorkReport', '업무 보고', '보고서', 'weekly report'],
    });
  });

  it('refuses a document it has no handler for', async () => {
    await expect(loadCatalogue('unknown-service', FIXTURES)).rejects.toThrow(
      /coffee\.json: service "Coffee" has no handler/,
    );
  });
});

describe('Solr synonym lines', () => {
  it('reads mappings, equivalences and comments, with line numbers', () => {
    const rules = parseSynonyms('# note\na, b => c\n\nx, y, z  # trailing\n', 'f.txt');
    expect(rules).toEqual([
      { line: 2, from: ['a', 'b'], to: ['c'], equivalent: false },
      { line: 4, from: ['x', 'y', 'z'], to: ['x', 'y', 'z'], equivalent: true },
    ]);
  });

  it('names the line of a broken rule', () => {
    expect(() => parseSynonyms('a => b\n=> c', 'f.txt')).toThrow('f.txt:2: empty side in "=> c"');
  });
});
