import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarClient } from '../../connectors/naverworks/clients/calendar.ts';
import { directoryClient } from '../../connectors/naverworks/clients/directory.ts';
import {
  type WorksClientHarness,
  worksClientHarness,
} from '../../connectors/naverworks/clients/test-harness.ts';
import type { DayInfo } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import holidayChecker from './index.ts';

/** The `sync` action (`opsbot do APP sync`, `opsbot holiday sync`) over the emulated NAVER WORKS. */

let harness: WorksClientHarness;
beforeEach(async () => {
  harness = await worksClientHarness({
    users: [{ userId: 'user-kim', email: 'kim@example.com', lastName: '김', firstName: '민준' }],
  });
});
afterEach(() => harness.close());

const CLOSURES: DayInfo[] = [
  { exchange: 'XKRX', date: '2026-02-16', name: '설날' },
  { exchange: 'XKRX', date: '2026-03-02', name: '대체공휴일(삼일절)' },
];

function checker(options: Record<string, unknown> = { calendar: { user: '김민준' } }) {
  const deps = harness.deps({ scopes: ['calendar', 'directory.read'] });
  return createTestApp(holidayChecker, {
    now: '2026-02-07T21:00:00Z', // Sunday 02-08 in Seoul
    options: { exchanges: ['XKRX'], days: 14, ...options },
    calendar: {
      exchanges: async () => [{ exchange: 'XKRX', name: 'Korea Exchange', timezone: 'Asia/Seoul' }],
      closures: async (code, from, to) =>
        CLOSURES.filter((c) => c.exchange === code && c.date >= from && c.date <= to),
    },
    connectors: { works: { calendar: calendarClient(deps), directory: directoryClient(deps) } },
  });
}

describe('holiday-checker sync action', () => {
  it('syncs from today for `days`, or the range given, and remembers the events', async () => {
    const t = checker();
    expect(await t.action('sync')).toMatchObject({
      created: [expect.any(String)],
      deleted: [],
      unchanged: 0,
    });
    expect(await t.action('sync', { from: '2026-02-01', to: '2026-03-31' })).toMatchObject({
      created: [expect.any(String)],
      unchanged: 1,
    });
    expect(await t.action('sync', { exchange: 'xkrx', from: '2026-02-01', to: '2026-03-31' })).toMatchObject({
      created: [],
      unchanged: 2,
    });
  });

  it('refuses bad arguments, unknown exchanges and an app without calendar settings', async () => {
    const t = checker();
    await expect(t.action('sync', { from: '2026-2-1' })).rejects.toThrow(
      'sync: from: must be a YYYY-MM-DD date',
    );
    await expect(t.action('sync', { exchanges: 'XKRX' })).rejects.toThrow(
      'sync: args: Unrecognized key: "exchanges"',
    );
    await expect(t.action('sync', { exchange: 'XXXX' })).rejects.toThrow(
      'unknown exchange XXXX (known: XKRX)',
    );
    await expect(t.action('sync', { from: '2026-03-01', to: '2026-02-01' })).rejects.toThrow(
      'from 2026-03-01 is after to 2026-02-01',
    );
    await expect(checker({}).action('sync')).rejects.toThrow(
      'app "test-app" has no calendar: settings to sync',
    );
  });
});
