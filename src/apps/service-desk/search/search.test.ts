import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue, type Service } from '../catalogue/index.ts';
import { parseSynonyms } from '../catalogue/solr-synonyms.ts';
import { editsWithin } from './distance.ts';
import { toJamo } from './hangul.ts';
import { createSearch, type Match, normalise, spellAcronyms } from './index.ts';

const FIXTURE = fileURLToPath(new URL('../catalogue/fixtures/tg-chatbot/', import.meta.url));
const services = await loadCatalogue(FIXTURE, '/');
const search = createSearch(services);
// Read from the fixture, so a line added there is tested without touching this file.
const rules = parseSynonyms(await readFile(`${FIXTURE}synonym.txt`, 'utf8'), 'synonym.txt');

/** The match in one comparable string: "found TGday synonym", "tie TGday WorkReport", "none". */
function describeMatch(match: Match): string {
  if (match.kind === 'found') return `found ${match.service.name} ${match.how}`;
  if (match.kind === 'tie')
    return `tie ${match.services
      .map((s) => s.name)
      .sort()
      .join(' ')}`;
  return 'none';
}

describe('every line of the old synonym file', () => {
  const cases = rules.flatMap((r) => r.from.map((phrase) => [phrase, r.to[0]!.toLowerCase()] as const));
  const serviceFor = (term: string): Service => services.find((s) => s.name.toLowerCase() === term)!;

  it('has the thirteen rules of the reference', () => {
    expect(cases).toHaveLength(13);
  });

  it.each(cases)('%s → %s', (phrase, term) => {
    expect(describeMatch(search.find(phrase))).toBe(`found ${serviceFor(term).name} synonym`);
  });
});

// [text, expected]: what Elasticsearch found (more-wire-facts §7), and better answers where it found nothing.
const PHRASINGS: [string, string][] = [
  // ES-derived expectations
  ['티지데이', 'found TGday synonym'],
  ['TG day', 'found TGday synonym'],
  ['티지 데이', 'found TGday synonym'],
  ['티지데이 등록할래', 'found TGday synonym'],
  ['티지데이 조회', 'found getTgday synonym'],
  ['조회 티지데이', 'found getTgday synonym'],
  ['tgday 조회', 'found getTgday synonym'],
  ['GetTgday', 'found getTgday synonym'],
  ['업무보고', 'found WorkReport synonym'],
  ['주간 업무 보고', 'found WorkReport synonym'],
  ['업무 보고', 'found WorkReport synonym'],
  ['주간업무 올릴게', 'found WorkReport synonym'],
  // ES found nothing, but the person clearly meant something
  ['주간 보고서', 'found WorkReport synonym'],
  ['업무보고를 할게요', 'found WorkReport synonym'],
  ['조회', 'found getTgday words'],
  // typos: one wrong jamo
  ['티지대이', 'found TGday typo'],
  ['티지데아 등록', 'found TGday typo'],
  ['업무보구', 'found WorkReport typo'],
  ['이번 주 업무 보구 올려요', 'found WorkReport typo'],
  ['티지대이 조회', 'found getTgday typo'],
  ['gettgdya', 'found getTgday typo'],
  // spacing
  ['티지데이조회', 'found getTgday synonym'],
  ['티 지 데 이', 'found TGday synonym'],
  ['주간업무보고', 'found WorkReport synonym'],
  ['  업무   보고  ', 'found WorkReport synonym'],
  // particles and endings
  ['티지데이를 등록하고싶어요', 'found TGday synonym'],
  ['티지데이가 언제지', 'found TGday synonym'],
  ['업무보고는 어디에 올려요?', 'found WorkReport synonym'],
  ['티지데이 조회해주세요', 'found getTgday synonym'],
  // mixed Korean/English, case, width
  ['tg데이', 'found TGday synonym'],
  ['TG 데이 등록', 'found TGday synonym'],
  ['TG데이 조회', 'found getTgday synonym'],
  ['TGDAY', 'found TGday synonym'],
  ['tgDay!', 'found TGday synonym'],
  ['ＴＧ ｄａｙ', 'found TGday synonym'],
  ['GET TGDAY', 'found getTgday synonym'],
  ['workreport', 'found WorkReport synonym'],
  // the lookup beats the registration phrase inside it, whatever the spacing, order or ending
  ['티지데이 조회할래', 'found getTgday synonym'],
  ['티지 데이 조회 좀 해줘', 'found getTgday synonym'],
  ['tgday를 조회해줘', 'found getTgday synonym'],
  ['조회 TG day', 'found getTgday synonym'],
  ['내 티지데이 조회요', 'found getTgday synonym'],
  // shared words only
  ['보고서 제출', 'found WorkReport words'],
  ['업무', 'found WorkReport words'],
  // genuine ties
  ['티지데이 업무보고', 'tie TGday WorkReport'],
  ['티지', 'tie TGday getTgday'],
  // greetings and unrelated text
  ['안녕', 'none'],
  ['안녕하세요!', 'none'],
  ['hi', 'none'],
  ['Hello', 'none'],
  ['감사합니다', 'none'],
  ['오늘 점심 뭐 먹지', 'none'],
  ['날씨 어때', 'none'],
  ['hello world', 'none'],
  ['get a coffee', 'none'],
  // an English word one letter from a short Latin synonym is not a typo of it
  ['today', 'none'],
  ['what about today?', 'none'],
  ['', 'none'],
  ['?!', 'none'],
];

describe('phrasings', () => {
  it.each(PHRASINGS)('%s → %s', (text, expected) => {
    expect(describeMatch(search.find(text))).toBe(expected);
  });
});

describe('a catalogue where two services share a synonym', () => {
  const make = (name: string, code: string): Service => ({
    name,
    code,
    kind: 'reply',
    synonyms: ['와이파이'],
    options: { text: name },
  });
  const shared = createSearch([make('Office Wi-Fi', 'a'), make('Guest Wi-Fi', 'b')]);

  it('asks which one rather than guessing', () => {
    expect(describeMatch(shared.find('와이파이 비밀번호'))).toBe('tie Guest Wi-Fi Office Wi-Fi');
  });

  it('never fuzzes two-syllable synonyms', () => {
    const leave: Service = {
      name: 'Leave',
      code: 'l',
      kind: 'reply',
      synonyms: ['휴가'],
      options: { text: '' },
    };
    expect(describeMatch(createSearch([leave]).find('휴게실'))).toBe('none');
  });
});

describe('a YAML catalogue', async () => {
  const yaml = createSearch(
    await loadCatalogue('../catalogue/fixtures/good.yaml', fileURLToPath(new URL('.', import.meta.url))),
  );

  it.each([
    ['와이파이 비번 알려줘', 'found Wi-Fi password synonym'],
    ['WiFi?', 'found Wi-Fi password synonym'],
    ['휴가 신청할래요', 'found Leave request synonym'],
    ['휴가 신청서', 'found Leave request synonym'],
    ['weekly report', 'found Weekly report synonym'],
    ['report weekly', 'found Weekly report synonym'],
    ['주간 보고 올릴게', 'found Weekly report synonym'],
    ['TG day lookup', 'found TG day lookup synonym'],
    ['TG day', 'found TG day registration synonym'],
  ])('%s → %s', (text, expected) => {
    expect(describeMatch(yaml.find(text))).toBe(expected);
  });
});

describe('normalise', () => {
  it.each([
    ['티지 데이', '티지데이'],
    ['TG day', 'tgday'],
    ['ＴＧ　ｄａｙ！', 'tgday'],
    ['티지데이를 등록할래', '티지데이등록'],
    ['업무보고를 할게요', '업무보고'],
    ['조회 좀 해줘', '조회'],
    ['티지데이가', '티지데이'],
    ['보고서를요', '보고서'],
    ['부산으로', '부산'],
    ['사무실로', '사무실'],
    ['서울로', '서울'],
    ['휴가', '휴가'],
    ['뭐가', '뭐가'],
    ['하고싶어요', ''],
  ])('%s → %s', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });

  it('keeps a 이/로 that belongs to the word', () => {
    expect(normalise('티지데이')).toBe('티지데이');
    expect(normalise('데이')).toBe('데이');
    expect(normalise('보고서를')).toBe('보고서');
    expect(normalise('보고서을')).toBe('보고서을');
    expect(normalise('도로')).toBe('도로');
  });

  it('composes decomposed Hangul (NFC)', () => {
    expect(normalise('티지데이'.normalize('NFD'))).toBe('티지데이');
  });

  it('spells out acronyms next to Hangul only', () => {
    expect(spellAcronyms('tg데이')).toBe('티지데이');
    expect(spellAcronyms('tgday')).toBe('tgday');
    expect(spellAcronyms('gettgday')).toBe('gettgday');
  });
});

describe('edits on jamo', () => {
  it('counts one wrong vowel as one edit', () => {
    expect(editsWithin(toJamo('티지데이'), toJamo('티지대이'))).toBe(1);
  });

  it('counts a swap of two neighbours as one edit and finds the synonym inside a sentence', () => {
    expect(editsWithin([...'gettgday'], [...'please gettgdya now'])).toBe(1);
    expect(editsWithin(toJamo('업무보고'), toJamo('이번주업무보구올려요'))).toBe(1);
  });
});
