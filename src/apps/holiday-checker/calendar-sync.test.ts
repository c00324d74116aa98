import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarClient } from '../../connectors/naverworks/clients/calendar.ts';
import { directoryClient } from '../../connectors/naverworks/clients/directory.ts';
import {
  type WorksClientHarness,
  worksClientHarness,
} from '../../connectors/naverworks/clients/test-harness.ts';
import {
  type SyncHoliday,
  type SyncStore,
  syncHolidayCalendar,
  type WorksCalendarClient,
} from './calendar-sync.ts';

let harness: WorksClientHarness;

// More calendars than one page holds, so the named lookup has to follow the cursor.
const fillerCalendars = Array.from({ length: 120 }, (_, i) => ({
  calendarId: `cal-${i}`,
  calendarName: `Team ${i}`,
}));

beforeEach(async () => {
  harness = await worksClientHarness({
    users: [
      { userId: 'user-kim', email: 'kim@example.com', lastName: '김', firstName: '민준' },
      { userId: 'user-lee', email: 'lee@example.com', lastName: '이', firstName: '서연' },
      { userId: 'user-lee2', email: 'lee2@example.com', lastName: '이', firstName: '서연' },
    ],
    calendars: [...fillerCalendars, { calendarId: 'cal-holidays', calendarName: '휴장일' }],
  });
});
afterEach(() => harness.close());

/** The connection's calendar and directory clients, built the way the connector builds them. */
function works(): WorksCalendarClient {
  const deps = harness.deps({ scopes: ['calendar', 'directory.read'] });
  return { calendar: calendarClient(deps), directory: directoryClient(deps) };
}

function memory(): SyncStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async (key, value) => void data.set(key, structuredClone(value)),
  };
}

/** Summaries per date in a calendar of the emulator, sorted. */
function eventsIn(calendarId: string): string[] {
  const events = harness.emu.state.events.get(calendarId) ?? new Map();
  return [...events.values()]
    .map((rec) => {
      const master = rec.components[0] as { summary: string; start: { date?: string; dateTime?: string } };
      return `${master.start.date ?? master.start.dateTime} ${master.summary}`;
    })
    .sort();
}

const window = { from: '2026-02-01', to: '2026-03-31' };
const holidays: SyncHoliday[] = [
  { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
  { exchange: 'XKRX', date: '2026-02-17', name: '설날' },
  { exchange: 'XNYS', date: '2026-02-16', name: "Washington's Birthday" },
  { exchange: 'XKRX', date: '2026-03-02', name: '삼일절 대체휴일' },
];

describe('syncHolidayCalendar (against the NAVER WORKS emulator)', () => {
  it('creates all-day events once, then nothing on the second run', async () => {
    const kv = memory();
    const first = await syncHolidayCalendar(works(), kv, holidays, { user: '김민준', ...window });
    expect(first).toMatchObject({ userId: 'user-kim', updated: [], deleted: [], unchanged: 0 });
    expect(first.created).toHaveLength(4);
    expect(eventsIn('default-user-kim')).toEqual([
      '2026-02-16 XKRX 휴장일(설날)',
      "2026-02-16 XNYS 휴장일(Washington's Birthday)",
      '2026-02-17 XKRX 휴장일(설날)',
      '2026-03-02 XKRX 휴장일(삼일절 대체휴일)',
    ]);

    const second = await syncHolidayCalendar(works(), kv, holidays, { user: '김민준', ...window });
    expect(second).toMatchObject({ created: [], updated: [], deleted: [], unchanged: 4 });
    expect(eventsIn('default-user-kim')).toHaveLength(4);

    // Without its memory it still creates nothing: same summary on the same day counts as there.
    const fresh = await syncHolidayCalendar(works(), memory(), holidays, { user: '김민준', ...window });
    expect(fresh).toMatchObject({ created: [], unchanged: 4 });
  });

  it('deletes the event of a holiday that went away and updates a renamed one', async () => {
    const kv = memory();
    await syncHolidayCalendar(works(), kv, holidays, { user: 'kim@example.com', ...window });
    const changed = holidays
      .filter((h) => h.exchange !== 'XNYS')
      .map((h) => (h.date === '2026-03-02' ? { ...h, name: '3·1절 대체공휴일' } : h));
    const result = await syncHolidayCalendar(works(), kv, changed, { user: 'kim@example.com', ...window });
    expect(result).toMatchObject({
      created: [],
      updated: ['XKRX 휴장일(3·1절 대체공휴일)'],
      deleted: ["XNYS 휴장일(Washington's Birthday)"],
      unchanged: 2,
    });
    expect(eventsIn('default-user-kim')).toEqual([
      '2026-02-16 XKRX 휴장일(설날)',
      '2026-02-17 XKRX 휴장일(설날)',
      '2026-03-02 XKRX 휴장일(3·1절 대체공휴일)',
    ]);
  });

  it('leaves events of past closures alone when the window moves on', async () => {
    const kv = memory();
    await syncHolidayCalendar(works(), kv, holidays, { user: '김민준', ...window });
    const later = holidays.filter((h) => h.date >= '2026-03-01');
    const result = await syncHolidayCalendar(works(), kv, later, {
      user: '김민준',
      from: '2026-03-01',
      to: '2026-04-30',
    });
    expect(result).toMatchObject({ created: [], deleted: [], unchanged: 1 });
    expect(eventsIn('default-user-kim')).toHaveLength(4);
  });

  it('writes into a calendar found by name across pages, with a custom summary', async () => {
    const result = await syncHolidayCalendar(works(), memory(), holidays.slice(0, 1), {
      user: '김민준',
      calendarName: '휴장일',
      summary: '[{exchangeName}] {name} {date}',
      ...window,
    });
    expect(result).toMatchObject({ calendarId: 'cal-holidays', created: ['[XKRX] 설날 2026-02-16'] });
    expect(eventsIn('cal-holidays')).toEqual(['2026-02-16 [XKRX] 설날 2026-02-16']);
    expect(eventsIn('default-user-kim')).toEqual([]);
  });

  it('adopts an event the old holiday_checker made at 00:00 Seoul time', async () => {
    const client = works();
    await client.calendar.createEvent({
      userId: 'user-kim',
      event: {
        summary: 'XKRX 휴장일(설날)',
        start: { dateTime: '2026-02-17T00:00:00', timeZone: 'Asia/Seoul' },
      },
    });
    const result = await syncHolidayCalendar(client, memory(), holidays.slice(1, 2), {
      user: '김민준',
      ...window,
    });
    expect(result).toMatchObject({ created: [], unchanged: 1 });
    expect(eventsIn('default-user-kim')).toHaveLength(1);
  });

  it('fails clearly for an unknown user, an ambiguous name, or an unknown calendar', async () => {
    const kv = memory();
    await expect(syncHolidayCalendar(works(), kv, holidays, { user: '홍길동', ...window })).rejects.toThrow(
      'no NAVER WORKS user named "홍길동"',
    );
    await expect(
      syncHolidayCalendar(works(), kv, holidays, { user: 'nobody@example.com', ...window }),
    ).rejects.toThrow('no NAVER WORKS user with the email nobody@example.com');
    await expect(syncHolidayCalendar(works(), kv, holidays, { user: '이서연', ...window })).rejects.toThrow(
      '2 NAVER WORKS users are named "이서연" (lee@example.com, lee2@example.com): give an email instead',
    );
    await expect(
      syncHolidayCalendar(works(), kv, holidays, { user: '김민준', calendarName: 'Nope', ...window }),
    ).rejects.toThrow('no calendar named "Nope" for user user-kim');
    expect(eventsIn('default-user-kim')).toEqual([]);
  });

  it('takes a userId when the directory can look one up', async () => {
    const result = await syncHolidayCalendar(works(), memory(), holidays.slice(0, 1), {
      user: 'user-lee',
      ...window,
    });
    expect(result).toMatchObject({ userId: 'user-lee', created: ['XKRX 휴장일(설날)'] });
  });
});
