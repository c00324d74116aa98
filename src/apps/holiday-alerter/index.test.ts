import { localDate } from 'opsbot';
import { describe, expect, it } from 'vitest';
import type { CalendarApi, DayInfo, PortableMessage } from '../../sdk/index.ts';
import { createTestApp, type TestApp } from '../../sdk/testing/index.ts';
import holidayAlerter from './index.ts';

const EXCHANGES = [
  { exchange: 'XKRX', name: 'KRX', timezone: 'Asia/Seoul' },
  { exchange: 'XNYS', name: 'NYSE', timezone: 'America/New_York' },
];

const CLOSURES: DayInfo[] = [
  { exchange: 'XKRX', date: '2026-01-01', name: '신정' },
  { exchange: 'XNYS', date: '2026-01-01', name: "New Year's Day" },
  { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
  { exchange: 'XKRX', date: '2026-02-17', name: '설날' },
  { exchange: 'XKRX', date: '2026-02-18', name: '설날' },
  { exchange: 'XNYS', date: '2026-02-16', name: "Washington's Birthday" },
];

const SPECIALS = [{ exchange: 'XKRX', date: '2026-01-02', open: '10:00', special: '새해 첫 거래일' }];

/** A calendar that knows two exchanges and answers "today" in each one's own timezone, like the real one. */
function fakeCalendar(now: () => number): Partial<CalendarApi> {
  const zone = (code: string) => EXCHANGES.find((e) => e.exchange === code)?.timezone ?? 'UTC';
  const weekday = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  const closures = async (code: string, from: string, to: string) =>
    CLOSURES.filter((c) => c.exchange === code && c.date >= from && c.date <= to && weekday(c.date));
  return {
    exchanges: async () => EXCHANGES,
    closures,
    closedToday: async (codes) =>
      (
        await Promise.all(
          codes.map((code) => {
            const today = localDate(now(), zone(code));
            return closures(code, today, today);
          }),
        )
      ).flat(),
    session: async (code, date) => {
      const day = date ?? localDate(now(), zone(code));
      if (!weekday(day) || (await closures(code, day, day)).length) return null;
      const special = SPECIALS.find((s) => s.exchange === code && s.date === day);
      return {
        exchange: code,
        date: day,
        open: special?.open ?? '09:00',
        close: '15:30',
        timezone: zone(code),
        ...(special ? { special: special.special } : {}),
      };
    },
  };
}

function alerter(now: string, options: Record<string, unknown> = {}): TestApp<unknown> {
  const holder: { t?: TestApp<unknown> } = {};
  holder.t = createTestApp(holidayAlerter, {
    now,
    options: { target: 'desk', exchanges: ['XKRX', 'XNYS'], ...options },
    calendar: fakeCalendar(() => holder.t!.clock.now()),
  });
  return holder.t;
}

const texts = (t: TestApp<unknown>) => t.sent.map((s) => (s.message as PortableMessage).text);

describe('holiday-alerter', () => {
  it('posts one info alert per closed exchange with the default template', async () => {
    // Tue 2026-02-17 07:30 in Seoul; still Monday evening (Presidents Day) in New York.
    const t = alerter('2026-02-16T22:30:00Z', { exchanges: ['XKRX'] });
    await t.run();
    expect(t.sent).toEqual([
      {
        target: 'desk',
        kind: 'portable',
        message: { title: '휴장일 알림', text: '금일 KRX 거래소 휴장일(설날) 입니다.', severity: 'info' },
      },
    ]);
  });

  it('stays silent on an ordinary trading day', async () => {
    const t = alerter('2026-01-06T22:30:00Z', { dayAhead: true });
    await t.run();
    expect(t.sent).toEqual([]);
  });

  it('fills a custom template with code, exchange name and closure name', async () => {
    const t = alerter('2026-02-16T22:30:00Z', {
      exchanges: ['XKRX'],
      template: '{exchange}|{name}|{holiday}|{date}|{nope}',
    });
    await t.run();
    expect(texts(t)).toEqual(['XKRX|KRX|설날|2026-02-17|{nope}']);
  });

  it("follows each exchange's own date: New Year in Seoul is still New Year's Eve in New York", async () => {
    // 2026-01-01 00:30 in Seoul = 2025-12-31 10:30 in New York.
    const seoul = alerter('2025-12-31T15:30:00Z', { sessions: false });
    await seoul.run();
    expect(texts(seoul)).toEqual(['금일 KRX 거래소 휴장일(신정) 입니다.']);

    // 2026-01-02 00:30 in Seoul (trading) = 2026-01-01 10:30 in New York (closed).
    const newYork = alerter('2026-01-01T15:30:00Z', { sessions: false });
    await newYork.run();
    expect(texts(newYork)).toEqual(["금일 NYSE 거래소 휴장일(New Year's Day) 입니다."]);
  });

  it("warns a day ahead, Friday's warning covering Monday", async () => {
    // Fri 2026-02-13 07:30 in Seoul: Monday 02-16 is 설날. New York is still on Thursday, so its
    // next weekday is Friday, which trades.
    const t = alerter('2026-02-12T22:30:00Z', { dayAhead: true });
    await t.run();
    expect(texts(t)).toEqual(['2026-02-16 KRX 거래소 휴장일(설날) 예정입니다.']);

    // Fri 10:00 in New York = Sat 00:00 in Seoul: only New York warns, about Monday.
    const ny = alerter('2026-02-13T15:00:00Z', { dayAhead: true });
    await ny.run();
    expect(texts(ny)).toEqual(["2026-02-16 NYSE 거래소 휴장일(Washington's Birthday) 예정입니다."]);
    const quiet = alerter('2026-02-12T22:30:00Z');
    await quiet.run();
    expect(quiet.sent).toEqual([]);
  });

  it('posts a late open today, unless sessions is off', async () => {
    // Fri 2026-01-02 07:30 in Seoul: KRX opens at 10:00 on the first trading day of the year.
    const t = alerter('2026-01-01T22:30:00Z', { exchanges: ['XKRX'] });
    await t.run();
    expect(texts(t)).toEqual(['금일 KRX 거래소 새해 첫 거래일: 10:00~15:30 (현지 시각)']);
    expect(t.sent[0]?.message).toMatchObject({ severity: 'info', title: '휴장일 알림' });

    const off = alerter('2026-01-01T22:30:00Z', { exchanges: ['XKRX'], sessions: false });
    await off.run();
    expect(off.sent).toEqual([]);
  });

  it('says nothing on a weekend, even with the day-ahead warning on', async () => {
    // Sun 2026-02-15 07:30 in Seoul; Monday is a holiday, but nobody reads alerts on Sunday.
    const t = alerter('2026-02-14T22:30:00Z', { dayAhead: true });
    await t.run();
    expect(t.sent).toEqual([]);
  });

  it('rejects options without a target or exchanges', () => {
    expect(() => createTestApp(holidayAlerter, { options: { exchanges: ['XKRX'] } })).toThrow();
    expect(() => createTestApp(holidayAlerter, { options: { target: 'desk', exchanges: [] } })).toThrow();
  });
});

describe('holiday-alerter on the real exchange calendars', () => {
  const texts = (t: { sent: Array<{ message: unknown }> }) =>
    t.sent.map((s) => (s.message as PortableMessage).text);

  it('posts on Seollal in Seoul, not on the trading day after, and follows each exchange’s timezone', async () => {
    const options = { target: 'desk', exchanges: ['XKRX', 'XNYS'] };
    // 2026-02-17 07:30 in Seoul (Tue): 설날 for KRX; in New York it is still Monday the 16th, Presidents' Day.
    const closed = createTestApp(holidayAlerter, { options, now: '2026-02-16T22:30:00Z' });
    await closed.run();
    expect(texts(closed)).toEqual([
      expect.stringContaining('휴장일(설날)'),
      expect.stringContaining("휴장일(Washington's Birthday)"),
    ]);
    // 2026-02-19 07:30 in Seoul (Thu): both trade.
    const open = createTestApp(holidayAlerter, { options, now: '2026-02-18T22:30:00Z' });
    await open.run();
    expect(texts(open)).toEqual([]);
  });

  it('announces the late open of the first trading day of 2026 in Seoul', async () => {
    const t = createTestApp(holidayAlerter, {
      options: { target: 'desk', exchanges: ['XKRX'] },
      now: '2026-01-01T22:30:00Z',
    });
    await t.run();
    expect(texts(t)).toEqual([expect.stringContaining('10:00~15:30')]);
  });
});
