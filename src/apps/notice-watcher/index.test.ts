import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type NoticeSite, type SiteNotice, startNoticeSite } from '../../sandbox/notices/site.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import app from './index.ts';
import type { Options } from './options.ts';

const TEN_MINUTES = 600_000;
let site: NoticeSite;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'opsbot-notices-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await site?.close();
});

const base: SiteNotice[] = [
  { id: 'n-2', title: 'Second notice', date: '2026-01-02' },
  { id: 'n-1', title: 'First notice', date: '2026-01-01' },
];

function watcher(watch: Record<string, unknown>) {
  const t = createTestApp<Options>(app, {
    options: { watches: [{ name: 'site', target: 'ops', ...watch }] },
  });
  const messages = () => t.sent.map((s) => s.message as PortableMessage);
  /** One scheduled run, ten minutes after the previous one: 'ok', or why the run failed. */
  const tick = async (ms = TEN_MINUTES): Promise<string> => {
    await t.clock.advance(ms);
    return t.run().then(
      () => 'ok',
      (err: Error) => err.message,
    );
  };
  return { t, messages, tick };
}

const htmlSource = () => ({
  type: 'html',
  url: `${site.url}/notices`,
  item: 'ul.notices li.notice',
  fields: {
    id: '@data-id',
    title: 'a.title',
    date: '.date',
    effectiveDate: '.effective',
    link: 'a.title',
    attachments: 'a.attachment',
  },
});

describe('notice-watcher over HTTP', () => {
  it('records the first poll without alerting, then alerts once per new notice with link buttons', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages, tick } = watcher({ source: htmlSource() });
    await t.run();
    expect(t.sent).toEqual([]);
    expect((t.state.get('watch:site') as { seen: string[] }).seen).toEqual(['n-2', 'n-1']);

    site.add({
      id: 'n-3',
      title: 'Third notice',
      date: '2026-01-03',
      effectiveDate: '2026-01-10',
      attachments: ['memo 3.pdf'],
    });
    site.add({ id: 'n-4', title: 'Fourth notice' });
    await tick();
    expect(t.sent.map((s) => s.target)).toEqual(['ops', 'ops']);
    const [third, fourth] = messages();
    expect(third).toEqual({
      title: 'New notice: site',
      text: 'Third notice\nPosted: 2026-01-03\nEffective: 2026-01-10',
      severity: 'info',
      links: [
        { label: 'Open notice', url: `${site.url}/notices/n-3` },
        { label: 'memo 3.pdf', url: `${site.url}/files/memo%203.pdf` },
      ],
    });
    expect(fourth?.links).toEqual([{ label: 'Open notice', url: `${site.url}/notices/n-4` }]);

    await tick();
    site.remove('n-4');
    await tick();
    expect(t.sent).toHaveLength(2);
  });

  it('sends the first-run summary only when asked', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages } = watcher({ source: htmlSource(), announceFirstRun: true });
    await t.run();
    expect(messages()).toEqual([
      expect.objectContaining({ title: 'Watching site', text: expect.stringContaining('2 notices') }),
    ]);
  });

  it('sends conditional requests with its User-Agent and treats 304 as no change', async () => {
    site = await startNoticeSite({ items: base });
    const { t, tick } = watcher({ source: htmlSource() });
    await t.run();
    await tick();
    await tick();
    expect(t.sent).toEqual([]);
    const [first, second, third] = site.requests;
    expect(first?.headers['user-agent']).toMatch(/^opsbot-notice-watcher/);
    expect(first?.headers['if-none-match']).toBeUndefined();
    expect(second?.headers['if-none-match']).toMatch(/^".+"$/);
    expect(second?.headers['if-modified-since']).toMatch(/GMT$/);
    expect([first?.status, second?.status, third?.status]).toEqual([200, 304, 304]);

    // A 304 keeps the validators; the next change is a full 200 and is alerted.
    site.add({ id: 'n-3', title: 'Third notice' });
    await tick();
    expect(site.requests.at(-1)?.status).toBe(200);
    expect(t.sent).toHaveLength(1);
  });

  it('skips a poll closer than minIntervalSeconds to the last one', async () => {
    site = await startNoticeSite({ items: base });
    const { t, tick } = watcher({ source: htmlSource(), minIntervalSeconds: 120 });
    await t.run();
    await tick(30_000);
    expect(site.requests).toHaveLength(1);
    await tick(120_000);
    expect(site.requests).toHaveLength(2);
  });

  it('filters by regex, exclusion, keyword and a symbol list from a file', async () => {
    site = await startNoticeSite({ items: base });
    const symbols = path.join(tmp, 'OPRA-symb.csv');
    await writeFile(symbols, 'symbol,name\nAAPL,Apple\n"SPY",SPDR\n\nQQQ,Invesco\n');
    const { t, messages, tick } = watcher({
      source: htmlSource(),
      filters: {
        include: ['adjust|split'],
        exclude: ['^test'],
        keywords: ['option'],
        list: { from: 'file', path: symbols, header: true, pattern: 'Symbol: {item}' },
      },
    });
    await t.run();
    for (const [id, title] of [
      ['a', 'Option adjustment Option Symbol: AAPL'], // passes
      ['b', 'Option split Symbol: MSFT'], // not in the list
      ['c', 'Option adjustment Symbol: AAPLX'], // AAPLX is not AAPL
      ['d', 'Option adjustment Symbols: SPY'], // pattern says "Symbol:"
      ['e', 'test Option split Symbol: QQQ'], // excluded
      ['f', 'Holiday notice Symbol: QQQ'], // include regex misses
      ['g', 'Stock split Symbol: QQQ'], // no keyword
      ['h', 'option SPLIT symbol:  qqq, new symbol QQQ1'], // passes (case and spacing)
    ] as const) {
      site.add({ id, title });
    }
    await tick();
    expect(messages().map((m) => m.text.split('\n')[0])).toEqual([
      'Option adjustment Option Symbol: AAPL',
      'option SPLIT symbol: qqq, new symbol QQQ1', // whitespace collapsed
    ]);
    // Filtered notices are seen too: nothing more next time.
    await tick();
    expect(t.sent).toHaveLength(2);
  });

  it('backs off on errors, alerts exactly once after the threshold, and once on recovery', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages, tick } = watcher({ source: htmlSource(), failureThreshold: 3 });
    await t.run();
    site.fail(503, 1000);
    // Every failed poll fails the run (opsbot run exits 1), before the alert threshold too.
    expect(await tick()).toBe('cannot read site: HTTP 503 Service Unavailable (1 failed polls in a row)');
    await tick(); // failure 2, retry in 10 min
    expect(t.sent).toEqual([]);
    // Still backing off: no request, and the run is not "ok" either.
    expect(await tick(5 * 60_000)).toMatch(
      /^cannot read site: HTTP 503 Service Unavailable \(2 failed polls in a row\) \(backing off until 20\d\d-/,
    );
    expect(site.requests).toHaveLength(3);
    await tick(5 * 60_000); // failure 3: alert
    expect(messages()).toEqual([
      {
        title: 'Notice watch failing: site',
        text: expect.stringMatching(/^cannot read site: HTTP 503 Service Unavailable\n/),
        severity: 'error',
      },
    ]);
    for (let i = 0; i < 4; i++) await tick(60 * 60_000); // failures 4..7: no more alerts
    expect(t.sent).toHaveLength(1);
    expect(site.requests).toHaveLength(8);
    expect((t.state.get('watch:site') as { failures: number }).failures).toBe(7);

    site.fail(503, 0);
    site.add({ id: 'n-3', title: 'Posted during the outage' });
    expect(await tick(60 * 60_000)).toBe('ok');
    expect(messages().slice(1)).toEqual([
      expect.objectContaining({ title: 'New notice: site', text: 'Posted during the outage' }),
      expect.objectContaining({ title: 'Notice watch recovered: site', severity: 'success' }),
    ]);
    await tick();
    expect(t.sent).toHaveLength(3);
  });

  it('names a network error in the failure alert', async () => {
    site = await startNoticeSite({ items: base });
    const source = htmlSource();
    await site.close();
    const { t, messages } = watcher({ source, failureThreshold: 1 });
    await expect(t.run()).rejects.toThrow('cannot read site: fetch failed (ECONNREFUSED)');
    expect(messages()[0]?.text).toMatch(/^cannot read site: fetch failed \(ECONNREFUSED\)/);
  });

  it('counts a page whose item selector matches nothing as a failure', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages } = watcher({
      source: { ...htmlSource(), item: 'table.gone tr' },
      failureThreshold: 1,
    });
    await expect(t.run()).rejects.toThrow(
      'cannot read site: saw 0 items where the list should have some: no items match "table.gone tr" (page layout changed?)',
    );
    expect(messages()[0]?.text).toContain('no items match "table.gone tr"');
  });

  it('reads RSS 2.0 with enclosures', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages, tick } = watcher({ source: { type: 'rss', url: `${site.url}/feed.rss` } });
    await t.run();
    site.add({ id: 'r-3', title: 'RSS <news> & more', date: '2026-01-03', attachments: ['r.pdf'] });
    await tick();
    expect(messages()).toEqual([
      {
        title: 'New notice: site',
        text: 'RSS <news> & more\nPosted: Sat, 03 Jan 2026 00:00:00 GMT',
        severity: 'info',
        links: [
          { label: 'Open notice', url: `${site.url}/notices/r-3` },
          { label: 'r.pdf', url: `${site.url}/files/r.pdf` },
        ],
      },
    ]);
  });

  it('reads Atom, resolving relative links against xml:base', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages, tick } = watcher({ source: { type: 'atom', url: `${site.url}/feed.atom` } });
    await t.run();
    site.add({ id: 'a-3', title: 'Atom entry', date: '2026-01-03', attachments: ['a.pdf'] });
    await tick();
    expect(messages()).toEqual([
      expect.objectContaining({
        text: 'Atom entry\nPosted: 2026-01-03T00:00:00Z',
        links: [
          { label: 'Open notice', url: `${site.url}/notices/a-3` },
          { label: 'a.pdf', url: `${site.url}/files/a.pdf` },
        ],
      }),
    ]);
  });

  it('reads a JSON API by dot paths', async () => {
    site = await startNoticeSite({ items: base });
    const { t, messages, tick } = watcher({
      source: {
        type: 'json',
        url: `${site.url}/api/notices`,
        items: 'data.notices',
        fields: {
          id: 'noticeId',
          title: 'subject',
          date: 'dates.posted',
          effectiveDate: 'dates.effective',
          link: 'url',
        },
      },
    });
    await t.run();
    site.add({ id: 'j-3', title: 'JSON notice', date: '2026-01-03', effectiveDate: '2026-02-01' });
    await tick();
    expect(messages()).toEqual([
      {
        title: 'New notice: site',
        text: 'JSON notice\nPosted: 2026-01-03\nEffective: 2026-02-01',
        severity: 'info',
        links: [{ label: 'Open notice', url: `${site.url}/notices/j-3` }],
      },
    ]);
  });

  it('reads the OCC info-memo preset and keeps only memos naming a listed symbol', async () => {
    site = await startNoticeSite({
      items: [{ id: '57001', title: 'Acme Corp. - Name Change Option Symbol: ACME', date: '2026-01-02' }],
    });
    const symbols = path.join(tmp, 'symbols.txt');
    await writeFile(symbols, 'ACME\nXYZ\n');
    const { t, messages, tick } = watcher({
      source: { preset: 'occ-infomemo', url: `${site.url}/infomemo/search` },
      filters: { list: { from: 'file', path: symbols } },
    });
    await t.run();
    expect((t.state.get('watch:site') as { seen: string[] }).seen).toEqual(['57001']);
    site.add({ id: '57002', title: 'Other Inc. - Merger Option Symbol: OTHR', date: '2026-01-05' });
    site.add({
      id: '57003',
      title: 'XYZ Holdings - Special Dividend Option Symbol: XYZ New Symbol: XYZ1',
      date: '2026-01-05',
      effectiveDate: '2026-01-12',
    });
    await tick();
    expect(messages()).toEqual([
      {
        title: 'New notice: site',
        text: 'XYZ Holdings - Special Dividend Option Symbol: XYZ New Symbol: XYZ1\nNo. 57003\nPosted: 01/05/2026\nEffective: 01/12/2026',
        severity: 'info',
        links: [{ label: 'Open notice', url: `${site.url}/infomemos?number=57003` }],
      },
    ]);
  });

  it('fails the poll (and judges the notices again later) when the list cannot be read', async () => {
    site = await startNoticeSite({ items: base });
    const list = path.join(tmp, 'later.txt');
    const { t, messages, tick } = watcher({
      source: htmlSource(),
      failureThreshold: 1,
      filters: { list: { from: 'url', url: `${site.url}/nowhere.txt` } },
    });
    await t.run();
    site.add({ id: 'n-3', title: 'Adjustment Symbol: ACME' });
    await tick();
    expect(messages()[0]?.text).toMatch(/^cannot read site: HTTP 404/);
    await writeFile(list, 'ACME\n');
    const opts = t.ctx.options.watches[0]!;
    opts.filters = {
      list: { from: 'file', path: list, pattern: 'Symbol: {item}', column: 1, header: false },
    };
    await tick(60 * 60_000);
    expect(
      messages()
        .slice(1)
        .map((m) => m.title),
    ).toEqual(['New notice: site', 'Notice watch recovered: site']);
  });
});
