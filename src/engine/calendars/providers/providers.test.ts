import { afterEach, describe, expect, it } from 'vitest';
import { startAbstractEmulator, startDataGoKrEmulator } from '../../../sandbox/holidays/index.ts';
import { fetchAbstractHolidays, usDateToIso } from './abstract.ts';
import { fetchDataGoKrHolidays } from './datagokr.ts';
import { diffSuggestions } from './diff.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A data.go.kr style key: base64 with characters that need percent-encoding. */
const SERVICE_KEY = 'Ab+cD/eF==SecretKey';
const API_KEY = 'abstract-secret-123';

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected a rejection');
}

const KR_2026 = [
  { date: '2026-01-01', name: '1월1일' },
  { date: '2026-02-16', name: '설날' },
  { date: '2026-02-17', name: '설날' },
  { date: '2026-02-18', name: '설날' },
  { date: '2026-05-01', name: '노동절' },
  { date: '2026-05-05', name: '어린이날' },
  { date: '2026-05-24', name: '부처님오신날' },
  { date: '2026-05-25', name: '대체공휴일(부처님오신날)' },
  { date: '2026-07-15', name: '제헌절 전야', isHoliday: 'N' as const },
];

describe('Abstract API client', () => {
  it('converts MM/DD/YYYY and keeps every item with its type', async () => {
    const emu = await startAbstractEmulator({
      apiKey: API_KEY,
      data: {
        KR: [
          { date: '2026-01-01', name: "New Year's Day", nameLocal: '신정' },
          { date: '2026-12-24', name: 'Christmas Eve', type: 'Observance' },
        ],
      },
    });
    closers.push(emu.close);
    const holidays = await fetchAbstractHolidays({
      baseUrl: emu.url,
      apiKey: API_KEY,
      country: 'kr',
      year: 2026,
    });
    expect(holidays).toEqual([
      { date: '2026-01-01', name: "New Year's Day", localName: '신정', type: 'National', source: 'abstract' },
      { date: '2026-12-24', name: 'Christmas Eve', type: 'Observance', source: 'abstract' },
    ]);
    expect(emu.requests[0]?.query).toEqual({ api_key: API_KEY, country: 'KR', year: '2026' });
    expect(usDateToIso('02/30/2026')).toBeUndefined();
    expect(usDateToIso('2026-01-01')).toBeUndefined();
  });

  it('names the status on a bad key, never the key', async () => {
    const emu = await startAbstractEmulator({ apiKey: 'right', data: {} });
    closers.push(emu.close);
    const message = await rejection(
      fetchAbstractHolidays({ baseUrl: emu.url, apiKey: API_KEY, country: 'KR', year: 2026 }),
    );
    expect(message).toMatch(/^Abstract holidays API \(KR 2026\): HTTP 401: .*Invalid API key/);
    expect(message).not.toContain(API_KEY);
    expect(message).not.toContain('api_key');
  });

  it('rejects malformed items and redacts a key echoed by the server or a network error', async () => {
    const answer =
      (body: unknown, status = 200) =>
      async () =>
        new Response(JSON.stringify(body), { status });
    const ask = (fetch: () => Promise<Response>) =>
      rejection(fetchAbstractHolidays({ apiKey: API_KEY, country: 'KR', year: 2026, fetch }));
    expect(await ask(answer([{ name: 'x', date: '2026-01-01' }]))).toBe(
      'Abstract holidays API: malformed item 0: date "2026-01-01" is not MM/DD/YYYY',
    );
    expect(await ask(answer([{ name: '', date: '01/01/2026' }]))).toMatch(/malformed item 0: no name/);
    expect(await ask(answer({ error: 'x' }))).toMatch(/expected an array/);
    const echoed = await ask(answer({ error: `bad key ${API_KEY}` }, 429));
    expect(echoed).toContain('HTTP 429');
    expect(echoed).not.toContain(API_KEY);
    const network = await ask(async () => {
      throw new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED ?api_key=${API_KEY}`) });
    });
    expect(network).toMatch(/request failed: connect ECONNREFUSED/);
    expect(network).not.toContain(API_KEY);
  });
});

describe('data.go.kr client', () => {
  it('asks month by month and handles one item, several items and an empty month', async () => {
    const emu = await startDataGoKrEmulator({ serviceKey: SERVICE_KEY, data: KR_2026 });
    closers.push(emu.close);
    const holidays = await fetchDataGoKrHolidays({
      baseUrl: emu.url,
      serviceKey: SERVICE_KEY,
      year: 2026,
      months: [5, 1, 3, 7],
    });
    expect(holidays).toEqual([
      { date: '2026-01-01', name: '1월1일', source: 'datagokr' },
      { date: '2026-05-01', name: '노동절', source: 'datagokr' },
      { date: '2026-05-05', name: '어린이날', source: 'datagokr' },
      { date: '2026-05-24', name: '부처님오신날', source: 'datagokr' },
      { date: '2026-05-25', name: '대체공휴일(부처님오신날)', source: 'datagokr' },
    ]);
    expect(emu.requests.map((r) => r.query['solMonth'])).toEqual(['01', '03', '05', '07']);
    expect(emu.requests[0]?.query).toMatchObject({
      serviceKey: SERVICE_KEY,
      solYear: '2026',
      _type: 'json',
      numOfRows: '100',
    });
  });

  it("accepts the portal's already-encoded key without encoding it twice", async () => {
    const emu = await startDataGoKrEmulator({ serviceKey: SERVICE_KEY, data: KR_2026 });
    closers.push(emu.close);
    const encoded = encodeURIComponent(SERVICE_KEY);
    const all = await fetchDataGoKrHolidays({ baseUrl: emu.url, serviceKey: encoded, year: 2026 });
    expect(all).toHaveLength(8);
    expect(emu.requests).toHaveLength(12);
  });

  it('fails on resultCode 30 without showing the key', async () => {
    const emu = await startDataGoKrEmulator({ serviceKey: 'registered', data: KR_2026 });
    closers.push(emu.close);
    for (const serviceKey of [SERVICE_KEY, encodeURIComponent(SERVICE_KEY)]) {
      const message = await rejection(
        fetchDataGoKrHolidays({ baseUrl: emu.url, serviceKey, year: 2026, months: [1] }),
      );
      expect(message).toBe(
        'data.go.kr getRestDeInfo 2026-01: resultCode 30: SERVICE KEY IS NOT REGISTERED ERROR.',
      );
    }
  });

  it("reads the gateway's XML error and rejects malformed items", async () => {
    const xml =
      '<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>' +
      '<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg><returnReasonCode>30</returnReasonCode>' +
      '</cmmMsgHeader></OpenAPI_ServiceResponse>';
    const answer = (body: string) => async () => new Response(body, { status: 200 });
    const ask = (fetch: () => Promise<Response>) =>
      rejection(fetchDataGoKrHolidays({ serviceKey: SERVICE_KEY, year: 2026, months: [5], fetch }));
    expect(await ask(answer(xml))).toBe(
      'data.go.kr getRestDeInfo 2026-05: resultCode 30: SERVICE_KEY_IS_NOT_REGISTERED_ERROR (HTTP 200)',
    );
    const item = (fields: object) =>
      JSON.stringify({
        response: {
          header: { resultCode: '00', resultMsg: 'NORMAL SERVICE.' },
          body: { items: { item: fields } },
        },
      });
    expect(await ask(answer(item({ locdate: 20260230, dateName: 'x', isHoliday: 'Y' })))).toMatch(
      /malformed item: impossible date 2026-02-30/,
    );
    expect(await ask(answer(item({ locdate: 20260601, dateName: 'x', isHoliday: 'Y' })))).toMatch(
      /outside the month asked/,
    );
    expect(await ask(answer(item({ locdate: 'soon', dateName: 'x', isHoliday: 'Y' })))).toMatch(
      /not YYYYMMDD/,
    );
    expect(await rejection(fetchDataGoKrHolidays({ serviceKey: 'k', year: 2026, months: [13] }))).toMatch(
      /bad month 13/,
    );
  });
});

describe('diffSuggestions', () => {
  it('lists added, removed and renamed weekday closures in range, ignoring weekends', async () => {
    const emu = await startDataGoKrEmulator({ serviceKey: SERVICE_KEY, data: KR_2026 });
    closers.push(emu.close);
    const suggested = await fetchDataGoKrHolidays({ baseUrl: emu.url, serviceKey: SERVICE_KEY, year: 2026 });
    const current = [
      { exchange: 'XKRX', date: '2026-01-01', name: '신정' },
      { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
      { exchange: 'XKRX', date: '2026-02-17', name: '설 날' },
      { exchange: 'XKRX', date: '2026-05-05', name: '어린이날' },
      { exchange: 'XKRX', date: '2026-12-31', name: '연말 휴장일' },
      { exchange: 'XKRX', date: '2026-01-02', name: '첫 거래일', kind: 'session' },
      { exchange: 'XNYS', date: '2026-05-01', name: 'not this exchange' },
      { exchange: 'XKRX', date: '2027-01-01', name: 'out of range' },
    ];
    const diff = diffSuggestions(current, suggested, 'xkrx', { from: '2026-01-01', to: '2026-12-31' });
    expect(diff).toEqual({
      added: [
        { exchange: 'XKRX', date: '2026-02-18', name: '설날', source: 'datagokr' },
        { exchange: 'XKRX', date: '2026-05-01', name: '노동절', source: 'datagokr' },
        // 2026-05-24 (부처님오신날) is a Sunday: the exchange is closed anyway.
        { exchange: 'XKRX', date: '2026-05-25', name: '대체공휴일(부처님오신날)', source: 'datagokr' },
      ],
      removed: [{ exchange: 'XKRX', date: '2026-12-31', name: '연말 휴장일' }],
      renamed: [{ exchange: 'XKRX', date: '2026-01-01', from: '신정', to: '1월1일', source: 'datagokr' }],
    });
  });

  it('merges several suggestions for one day and checks the range', () => {
    const diff = diffSuggestions(
      [{ exchange: 'XKRX', date: '2025-05-05', name: '부처님오신날' }],
      [
        { date: '2025-05-05', name: '어린이날', source: 'datagokr' },
        { date: '2025-05-05', name: '부처님오신날', source: 'datagokr' },
        { date: '2025-05-06', name: '대체공휴일', source: 'datagokr' },
        { date: '2025-05-06', name: 'Substitute Holiday', source: 'abstract' },
      ],
      'XKRX',
      { from: '2025-05-01', to: '2025-05-31' },
    );
    expect(diff.renamed).toEqual([]);
    expect(diff.added).toEqual([
      {
        exchange: 'XKRX',
        date: '2025-05-06',
        name: '대체공휴일, Substitute Holiday',
        source: 'datagokr,abstract',
      },
    ]);
    expect(() => diffSuggestions([], [], 'XKRX', { from: '2026-02-01', to: '2026-01-01' })).toThrow(
      /backwards/,
    );
    expect(() => diffSuggestions([], [], 'XKRX', { from: '2026-02-30', to: '2026-03-01' })).toThrow();
  });
});
