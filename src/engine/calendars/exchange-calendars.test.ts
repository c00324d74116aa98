import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../platform/store/open.ts';
import type { HolidayEntry, Store } from '../../platform/store/types.ts';
import { ExchangeCalendars } from './exchange-calendars.ts';
import type { ExchangeRules, RuleClosure, SpecialSession } from './exchanges/types.ts';

/** A small Seoul exchange: enough rules to exercise every override without the real rule sets. */
const CLOSURES: Record<number, RuleClosure[]> = {
  2025: [{ date: '2025-12-31', name: '연말 휴장' }],
  2026: [
    { date: '2026-01-01', name: '신정' },
    { date: '2026-02-16', name: '설날' },
    { date: '2026-02-17', name: '설날' },
    { date: '2026-02-18', name: '설날' },
    { date: '2026-03-01', name: '삼일절' }, // a Sunday: never reported as a closure
    { date: '2026-05-01', name: '근로자의 날' },
    { date: '2026-12-31', name: '연말 휴장' },
  ],
};
const SPECIALS: Record<number, SpecialSession[]> = {
  2026: [
    { date: '2026-01-02', open: '10:00', name: '개장일' },
    { date: '2026-11-19', open: '10:00', close: '16:30', name: '수능' },
  ],
};

let ruleCalls = 0;
const seoul: ExchangeRules = {
  mic: 'XTST',
  name: 'Test Exchange',
  timezone: 'Asia/Seoul',
  weekend: [0, 6],
  session: { open: '09:00', close: '15:30' },
  closures: (year) => {
    ruleCalls += 1;
    return CLOSURES[year] ?? [];
  },
  specials: (year) => SPECIALS[year] ?? [],
};
const newYork: ExchangeRules = {
  mic: 'XNYC',
  name: 'New York Test',
  timezone: 'America/New_York',
  weekend: [0, 6],
  session: { open: '09:30', close: '16:00' },
  closures: () => [],
  specials: () => [],
};

let dir: string;
let store: Store;
let calendars: ExchangeCalendars;

function manual(date: string, kind: HolidayEntry['kind'], name: string, hours: Partial<HolidayEntry> = {}) {
  return store.holidays.put({ exchange: 'XTST', date, kind, name, source: 'manual', updatedAt: 1, ...hours });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsbot-calendars-'));
  store = await openStore({ url: 'sqlite', dataDir: dir, masterKey: randomBytes(32) });
  const rules = new Map([
    ['xtst', seoul],
    ['XNYC', newYork],
  ]);
  calendars = new ExchangeCalendars({ rules, store: store.holidays });
  ruleCalls = 0;
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ExchangeCalendars: rules alone', () => {
  it('lists exchanges by code; codes are case-insensitive', () => {
    expect(calendars.exchanges()).toEqual([
      { exchange: 'XNYC', name: 'New York Test', timezone: 'America/New_York' },
      { exchange: 'XTST', name: 'Test Exchange', timezone: 'Asia/Seoul' },
    ]);
    expect(calendars.has('xtst')).toBe(true);
    expect(calendars.has('XKRX')).toBe(false);
  });

  it('trading days skip weekends and rule closures; closures lists weekdays only', async () => {
    expect(await calendars.isTradingDay('XTST', '2026-02-13')).toBe(true);
    expect(await calendars.isTradingDay('XTST', '2026-02-14')).toBe(false); // Saturday
    expect(await calendars.isTradingDay('xtst', '2026-02-16')).toBe(false);
    expect(await calendars.closures('XTST', '2026-02-01', '2026-03-31')).toEqual([
      { date: '2026-02-16', exchange: 'XTST', name: '설날' },
      { date: '2026-02-17', exchange: 'XTST', name: '설날' },
      { date: '2026-02-18', exchange: 'XTST', name: '설날' },
    ]);
  });

  it('sessions: regular hours, rule specials, null when closed', async () => {
    expect(await calendars.session('XTST', '2026-02-19')).toEqual({
      exchange: 'XTST',
      date: '2026-02-19',
      open: '09:00',
      close: '15:30',
      timezone: 'Asia/Seoul',
    });
    expect(await calendars.session('XTST', '2026-01-02')).toMatchObject({
      open: '10:00',
      close: '15:30',
      special: '개장일',
    });
    expect(await calendars.session('XTST', '2026-02-17')).toBeNull();
  });

  it('computes the rules once per exchange and year', async () => {
    for (const date of ['2026-02-16', '2026-02-17', '2026-05-01']) await calendars.isTradingDay('XTST', date);
    expect(ruleCalls).toBe(1);
    await calendars.isTradingDay('XTST', '2025-06-02');
    expect(ruleCalls).toBe(2);
  });
});

describe('ExchangeCalendars: curated entries win', () => {
  it('closed adds a closure, under its own name even over a rule', async () => {
    await manual('2026-02-20', 'closed', '임시 휴장');
    await manual('2026-02-16', 'closed', '설 연휴');
    expect(await calendars.isTradingDay('XTST', '2026-02-20')).toBe(false);
    expect((await calendars.closures('XTST', '2026-02-16', '2026-02-20')).map((d) => d.name)).toEqual([
      '설 연휴',
      '설날',
      '설날',
      '임시 휴장',
    ]);
    expect(await calendars.day('XTST', '2026-02-20')).toMatchObject({ trading: false, closure: '임시 휴장' });
    expect(await calendars.day('XTST', '2026-02-21')).toMatchObject({ trading: false, closure: 'weekend' });
  });

  it('open forces a trading day, on a rule holiday or a weekend', async () => {
    await manual('2026-05-01', 'open', '정상 개장');
    await manual('2026-02-21', 'open', '토요 특별 개장');
    expect(await calendars.isTradingDay('XTST', '2026-05-01')).toBe(true);
    expect(await calendars.isTradingDay('XTST', '2026-02-21')).toBe(true);
    expect(await calendars.closures('XTST', '2026-04-27', '2026-05-08')).toEqual([]);
    expect(await calendars.session('XTST', '2026-05-01')).toMatchObject({ open: '09:00', close: '15:30' });
    expect(await calendars.nextTradingDay('XTST', '2026-02-20')).toBe('2026-02-21');
  });

  it('session sets the hours, over a rule special and on a rule holiday', async () => {
    await manual('2026-11-19', 'session', '수능 (변경)', { open: '10:00', close: '16:00' });
    await manual('2026-12-31', 'session', '폐장일', { close: '13:00' });
    expect(await calendars.session('XTST', '2026-11-19')).toMatchObject({
      open: '10:00',
      close: '16:00',
      special: '수능 (변경)',
    });
    expect(await calendars.session('XTST', '2026-12-31')).toMatchObject({
      open: '09:00',
      close: '13:00',
      special: '폐장일',
    });
  });

  it('the merged view shows curated rows with their source and rule rows as "rules"', async () => {
    await manual('2026-02-17', 'open', '정상 개장');
    await store.holidays.put({
      exchange: 'XTST',
      date: '2026-02-20',
      kind: 'closed',
      name: '임시 휴장',
      source: 'import',
      updatedAt: 5,
    });
    const rows = await calendars.entries('XTST', '2026-02-16', '2026-03-01');
    expect(rows.map((r) => [r.date, r.kind, r.name, r.source])).toEqual([
      ['2026-02-16', 'closed', '설날', 'rules'],
      ['2026-02-17', 'open', '정상 개장', 'manual'],
      ['2026-02-18', 'closed', '설날', 'rules'],
      ['2026-02-20', 'closed', '임시 휴장', 'import'],
    ]);
  });
});

describe('ExchangeCalendars: walking over days', () => {
  it('next and previous are strict and cross weekends, holidays and years', async () => {
    expect(await calendars.nextTradingDay('XTST', '2026-02-13')).toBe('2026-02-19');
    expect(await calendars.previousTradingDay('XTST', '2026-02-19')).toBe('2026-02-13');
    expect(await calendars.nextTradingDay('XTST', '2026-02-19')).toBe('2026-02-20');
    expect(await calendars.nextTradingDay('XTST', '2025-12-30')).toBe('2026-01-02');
    expect(await calendars.previousTradingDay('XTST', '2026-01-02')).toBe('2025-12-30');
    await manual('2026-02-19', 'closed', '임시 휴장');
    expect(await calendars.nextTradingDay('XTST', '2026-02-13')).toBe('2026-02-20');
  });

  it('gives up after 30 days without trading', async () => {
    const days = Array.from({ length: 40 }, (_, i) => {
      const date = new Date(Date.UTC(2026, 5, 1 + i)).toISOString().slice(0, 10);
      return {
        exchange: 'XTST',
        date,
        kind: 'closed' as const,
        name: '휴장',
        source: 'manual',
        updatedAt: 1,
      };
    });
    await store.holidays.putMany(days);
    await expect(calendars.nextTradingDay('XTST', '2026-05-29')).rejects.toThrow(
      /no trading day in the 30 days/,
    );
    await expect(calendars.lastTradingDayOfMonth('XTST', '2026-06')).rejects.toMatchObject({
      code: 'CALENDAR',
    });
  });

  it('last trading day of months ending on a weekend, a rule holiday or a curated one', async () => {
    expect(await calendars.lastTradingDayOfMonth('XTST', '2026-05')).toBe('2026-05-29'); // 31st a Sunday
    expect(await calendars.lastTradingDayOfMonth('XTST', '2026-10')).toBe('2026-10-30'); // 31st a Saturday
    expect(await calendars.lastTradingDayOfMonth('XTST', '2026-12')).toBe('2026-12-30'); // 연말 휴장
    expect(await calendars.lastTradingDayOfMonth('XTST', '2026-07')).toBe('2026-07-31');
    await manual('2026-08-31', 'closed', '임시 휴장');
    expect(await calendars.lastTradingDayOfMonth('XTST', '2026-08')).toBe('2026-08-28');
    expect(await calendars.firstTradingDayOfMonth('XTST', '2026-01')).toBe('2026-01-02');
    await expect(calendars.lastTradingDayOfMonth('XTST', '2026-13')).rejects.toThrow('not a YYYY-MM month');
  });

  it('tradingDaysBefore counts back from the date (or the trading day before it)', async () => {
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-19', 0)).toBe('2026-02-19');
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-19', 1)).toBe('2026-02-13');
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-17', 0)).toBe('2026-02-13');
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-17', 1)).toBe('2026-02-12');
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-22', 0)).toBe('2026-02-20'); // a Sunday
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-22', 1)).toBe('2026-02-19');
    expect(await calendars.tradingDaysBefore('XTST', '2026-02-22', 2)).toBe('2026-02-13');
    await expect(calendars.tradingDaysBefore('XTST', '2026-02-19', -1)).rejects.toMatchObject({
      code: 'CALENDAR',
    });
  });
});

describe('ExchangeCalendars: calendar provider and errors', () => {
  it('knows its names for known exchanges only', () => {
    for (const name of [
      'holidays:XTST',
      'holidays:xtst',
      'trading-days:XTST',
      'last-trading-day:XTST',
      'last-trading-day:XTST:2',
      'first-trading-day:XNYC',
    ]) {
      expect(calendars.knows(name), name).toBe(true);
    }
    for (const name of ['weekends', 'holidays:XKRX', 'first-trading-day:XTST:1', 'holidays:', 'XTST']) {
      expect(calendars.knows(name), name).toBe(false);
    }
  });

  it('answers isClosed per calendar kind', async () => {
    const closed = (name: string, dates: string[]) =>
      Promise.all(dates.map((d) => calendars.isClosed(name, d)));
    // Fri, Sat, 설날 Mon, Thu
    const days = ['2026-02-13', '2026-02-14', '2026-02-16', '2026-02-19'];
    expect(await closed('holidays:XTST', days)).toEqual([false, true, true, false]);
    expect(await closed('trading-days:xtst', days)).toEqual([false, true, true, false]);
    expect(await closed('last-trading-day:XTST', ['2026-12-29', '2026-12-30', '2026-12-31'])).toEqual([
      true,
      false,
      true,
    ]);
    expect(await closed('last-trading-day:XTST:2', ['2026-12-28', '2026-12-29'])).toEqual([false, true]);
    expect(await closed('first-trading-day:XTST', ['2026-01-01', '2026-01-02', '2026-02-02'])).toEqual([
      true,
      false,
      false,
    ]);
    await expect(calendars.isClosed('weekends', '2026-02-13')).rejects.toMatchObject({ code: 'CALENDAR' });
  });

  it('today is the date in the exchange timezone', () => {
    const at = Date.parse('2026-03-02T16:00:00Z'); // 01:00 on the 3rd in Seoul, 11:00 on the 2nd in New York
    expect(calendars.today('XTST', at)).toBe('2026-03-03');
    expect(calendars.today('XNYC', at)).toBe('2026-03-02');
  });

  it('unknown exchanges and bad dates are CALENDAR errors that say what is known', async () => {
    await expect(calendars.isTradingDay('XKRX', '2026-02-13')).rejects.toMatchObject({
      code: 'CALENDAR',
      message: 'unknown exchange "XKRX" (known: XNYC, XTST)',
    });
    expect(() => calendars.today('nope', 0)).toThrow('known: XNYC, XTST');
    await expect(calendars.isTradingDay('XTST', '2026-02-30')).rejects.toThrow('not a YYYY-MM-DD date');
  });
});
