import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarApi, DayInfo, PortableMessage } from '../../sdk/index.ts';
import { createTestApp, type TestApp } from '../../sdk/testing/index.ts';
import holidayChecker from './index.ts';

const EXCHANGES = [
  { exchange: 'XKRX', name: 'Korea Exchange', timezone: 'Asia/Seoul' },
  { exchange: 'XNYS', name: 'New York Stock Exchange', timezone: 'America/New_York' },
];

/** A calendar over a closure list the test edits between runs. */
function fakeCalendar(list: DayInfo[], asked: string[] = []): Partial<CalendarApi> {
  return {
    exchanges: async () => EXCHANGES,
    closures: async (code, from, to) => {
      asked.push(`${code} ${from}..${to}`);
      return list.filter((c) => c.exchange === code && c.date >= from && c.date <= to);
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'holiday-checker-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Sun 2026-02-08 06:00 in Seoul; still Saturday 02-07 in New York.
const NOW = '2026-02-07T21:00:00Z';

function checker(list: DayInfo[], options: Record<string, unknown> = {}, asked?: string[]): TestApp<unknown> {
  return createTestApp(holidayChecker, {
    now: NOW,
    options: { exchanges: ['XKRX', 'XNYS'], days: 30, target: 'desk', ...options },
    calendar: fakeCalendar(list, asked),
  });
}

const message = (t: TestApp<unknown>, i = 0) => t.sent[i]?.message as PortableMessage;

describe('holiday-checker', () => {
  it('looks `days` ahead from each exchange’s own today and summarises the first run', async () => {
    const asked: string[] = [];
    const list: DayInfo[] = [
      { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
      { exchange: 'XNYS', date: '2026-02-16', name: "Washington's Birthday" },
    ];
    const t = checker(list, {}, asked);
    await t.run();
    expect(asked).toEqual(['XKRX 2026-02-08..2026-03-10', 'XNYS 2026-02-07..2026-03-09']);
    expect(t.sent).toHaveLength(1);
    expect(message(t)).toEqual({
      title: '휴장일 확인',
      text: "앞으로 30일 동안 휴장일 2건을 확인했습니다.\n  XKRX 2026-02-16 설날\n  XNYS 2026-02-16 Washington's Birthday",
      severity: 'info',
    });
  });

  it('names what was added, removed and renamed, in one message, and is silent when nothing changed', async () => {
    const list: DayInfo[] = [
      { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
      { exchange: 'XKRX', date: '2026-02-17', name: '설' },
      { exchange: 'XNYS', date: '2026-02-16', name: "Washington's Birthday" },
    ];
    const t = checker(list);
    await t.run();
    await t.run();
    expect(t.sent).toHaveLength(1);

    list.splice(
      0,
      list.length,
      { exchange: 'XKRX', date: '2026-02-17', name: '설날' },
      { exchange: 'XKRX', date: '2026-02-18', name: '설날' },
      { exchange: 'XNYS', date: '2026-02-16', name: "Washington's Birthday" },
      { exchange: 'XKRX', date: '2026-03-03', name: '임시공휴일' },
    );
    await t.run();
    expect(t.sent).toHaveLength(2);
    expect(message(t, 1)).toEqual({
      title: '휴장일 변경',
      text: [
        '추가 (2건):\n  XKRX 2026-02-18 설날\n  XKRX 2026-03-03 임시공휴일',
        '삭제 (1건):\n  XKRX 2026-02-16 설날',
        '이름 변경 (1건):\n  XKRX 2026-02-17 설 → 설날',
      ].join('\n\n'),
      severity: 'warning',
    });
  });

  it('does not call a closure removed when it only slid into the past, and lists newly visible ones apart', async () => {
    const list: DayInfo[] = [
      { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
      { exchange: 'XKRX', date: '2026-03-16', name: '임시공휴일' },
    ];
    const t = checker(list, { exchanges: ['XKRX'] });
    await t.run();
    // Three weeks later: 설날 is behind us, and 03-16 is now within 30 days.
    await t.clock.advance(21 * 24 * 3600 * 1000);
    await t.run();
    expect(t.sent).toHaveLength(2);
    expect(message(t, 1)).toEqual({
      title: '휴장일 변경',
      text: '새로 30일 안에 들어온 휴장일 (1건):\n  XKRX 2026-03-16 임시공휴일',
      severity: 'info',
    });
  });

  it('stays quiet without a target and fails on an exchange the calendar does not know', async () => {
    const t = checker([{ exchange: 'XKRX', date: '2026-02-16', name: '설날' }], { target: undefined });
    await t.run();
    expect(t.sent).toEqual([]);
    await expect(checker([], { exchanges: ['XKRX', 'XXXX'] }).run()).rejects.toThrow(
      'unknown exchange XXXX (the calendar knows XKRX, XNYS)',
    );
  });

  it('writes the FEP files: one per weekday of the coming week, plus exchange_map.txt', async () => {
    const list: DayInfo[] = [
      { exchange: 'XKRX', date: '2026-02-09', name: '임시공휴일' },
      { exchange: 'XNYS', date: '2026-02-09', name: 'Some Day' },
    ];
    const t = checker(list, { files: { dir } });
    await t.run();
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(15);
    expect(names).toContain('exchange_map.txt');
    const read = (name: string) => readFile(path.join(dir, name), 'utf8');
    expect(await read('exchange_map.txt')).toBe(
      'XKRX,Korea Exchange,Asia/Seoul\nXNYS,New York Stock Exchange,America/New_York\n',
    );
    // Seoul's week starts on Sunday 02-08, New York's on Saturday 02-07: both see Monday 02-09.
    expect(await read('XKRX-Mon.txt')).toBe('임시공휴일');
    expect(await read('XNYS-Mon.txt')).toBe('Some Day');
    expect(await read('XKRX-Tue.txt')).toBe('');
    expect(await read('XNYS-Sat.txt')).toBe('');
  });

  it('keeps going after a calendar failure and fails the run at the end', async () => {
    const t = createTestApp(holidayChecker, {
      now: NOW,
      options: { exchanges: ['XKRX'], target: 'desk', calendar: { user: '김민준' }, files: { dir } },
      calendar: fakeCalendar([{ exchange: 'XKRX', date: '2026-02-09', name: '임시공휴일' }]),
      connectors: {
        works: {
          directory: { findByName: async () => [], findByEmail: async () => null },
          calendar: {},
        },
      },
    });
    await expect(t.run()).rejects.toThrow(
      'holiday check failed: calendar: no NAVER WORKS user named "김민준"',
    );
    expect(await readFile(path.join(dir, 'XKRX-Mon.txt'), 'utf8')).toBe('임시공휴일');
    expect(message(t, 1)).toMatchObject({ title: '휴장일 점검 실패', severity: 'error' });
  });

  it('syncs the calendar through the connector with the stored event map', async () => {
    const created: unknown[] = [];
    const t = createTestApp(holidayChecker, {
      now: NOW,
      options: { exchanges: ['XKRX'], calendar: { connection: 'nw', user: 'kim@example.com' } },
      calendar: fakeCalendar([{ exchange: 'XKRX', date: '2026-02-16', name: '설날' }]),
      connectors: {
        nw: {
          directory: { findByEmail: async () => ({ userId: 'u1' }) },
          calendar: {
            listEvents: async () => ({ items: [] }),
            createEvent: async (args: unknown) => {
              created.push(args);
              return { eventId: `e${created.length}` };
            },
          },
        },
      },
    });
    await t.run();
    expect(created).toEqual([
      {
        userId: 'u1',
        event: { summary: 'XKRX 휴장일(설날)', start: { date: '2026-02-16' } },
        sendNotification: false,
      },
    ]);
    expect(t.state.get('calendar-events')).toEqual({
      userId: 'u1',
      calendarId: null,
      events: { 'XKRX 2026-02-16': { eventId: 'e1', date: '2026-02-16' } },
    });
  });

  it('rejects a server with neither a key file nor a password', () => {
    expect(() =>
      createTestApp(holidayChecker, {
        options: {
          exchanges: ['XKRX'],
          files: { servers: [{ name: 'a', host: 'h', username: 'u', path: '/x' }] },
        },
      }),
    ).toThrow(/privateKeyFile or password/);
  });
});
