import { describe, expect, it } from 'vitest';
import type { HolidayEntry } from '../types.ts';
import type { Env } from './outbox-cases.ts';

function entry(overrides: Partial<HolidayEntry> = {}): HolidayEntry {
  return {
    exchange: 'XKRX',
    date: '2026-05-01',
    kind: 'closed',
    name: '근로자의 날',
    open: null,
    close: null,
    source: 'manual',
    updatedAt: 1_000,
    ...overrides,
  };
}

const keys = (entries: HolidayEntry[]) => entries.map((e) => `${e.exchange} ${e.date}`);

export function holidayCases(env: Env): void {
  describe('holidays', () => {
    it('put → get round trip; put again replaces (exchange, date)', async () => {
      const closed = entry();
      await env.store.holidays.put(closed);
      expect(await env.store.holidays.get('XKRX', '2026-05-01')).toEqual(closed);
      expect(await env.store.holidays.get('xkrx', '2026-05-01')).toEqual(closed);

      const session = entry({
        kind: 'session',
        name: '수능',
        open: '10:00',
        close: '16:30',
        updatedAt: 2_000,
      });
      await env.store.holidays.put(session);
      expect(await env.store.holidays.get('XKRX', '2026-05-01')).toEqual(session);
      expect(await env.store.holidays.list()).toHaveLength(1);
      expect(await env.store.holidays.get('XKRX', '2026-05-02')).toBeUndefined();
    });

    it('stores exchange codes upper case and drops hours on non-session entries', async () => {
      await env.store.holidays.put(entry({ exchange: 'xnys', kind: 'open', open: '09:30', close: '16:00' }));
      expect(await env.store.holidays.get('XNYS', '2026-05-01')).toMatchObject({
        exchange: 'XNYS',
        kind: 'open',
        open: null,
        close: null,
      });
    });

    it('putMany writes all in one go, the last entry for a repeated day winning', async () => {
      await env.store.holidays.putMany([
        entry({ date: '2026-01-01', name: 'first' }),
        entry({ date: '2026-01-02' }),
        entry({ date: '2026-01-01', name: 'second' }),
      ]);
      expect((await env.store.holidays.list()).map((e) => e.name)).toEqual(['second', '근로자의 날']);
      await env.store.holidays.putMany([]);
      expect(await env.store.holidays.list()).toHaveLength(2);
    });

    it('putMany is all-or-nothing: one bad row keeps the good ones out', async () => {
      await env.store.holidays.put(entry({ date: '2026-03-01', name: 'before' }));
      const batch = [
        entry({ date: '2026-03-01', name: 'changed' }),
        entry({ date: '2026-03-02' }),
        entry({ date: '2026-03-03', kind: 'half-day' as HolidayEntry['kind'] }),
      ];
      await expect(env.store.holidays.putMany(batch)).rejects.toMatchObject({ code: 'HOLIDAY_ENTRY' });
      for (const bad of [{ date: '2026-02-30' }, { open: '25:00', kind: 'session' as const }]) {
        await expect(
          env.store.holidays.putMany([entry({ date: '2026-03-04' }), entry(bad)]),
        ).rejects.toThrow();
      }
      expect(await env.store.holidays.list()).toEqual([entry({ date: '2026-03-01', name: 'before' })]);
    });

    it('the table itself refuses an unknown kind', async () => {
      const insert = `insert into holidays (exchange, date, kind, name, source, updated_at)
        values ('XKRX', '2026-03-03', 'half-day', 'x', 'manual', 1)`;
      await expect(env.backend.raw(insert)).rejects.toThrow(/check|constraint/i);
      expect(await env.store.holidays.list()).toEqual([]);
    });

    it('list filters by exchange and inclusive dates, ordered by exchange then date', async () => {
      await env.store.holidays.putMany([
        entry({ exchange: 'XNYS', date: '2026-11-26', name: 'Thanksgiving Day' }),
        entry({ exchange: 'XKRX', date: '2026-12-31', name: '연말 휴장' }),
        entry({ exchange: 'XKRX', date: '2026-02-17', name: '설날' }),
        entry({ exchange: 'XNYS', date: '2026-01-01', name: "New Year's Day" }),
        entry({ exchange: 'XKRX', date: '2027-01-01', name: '신정' }),
      ]);
      expect(keys(await env.store.holidays.list())).toEqual([
        'XKRX 2026-02-17',
        'XKRX 2026-12-31',
        'XKRX 2027-01-01',
        'XNYS 2026-01-01',
        'XNYS 2026-11-26',
      ]);
      expect(keys(await env.store.holidays.list({ exchange: 'xnys' }))).toEqual([
        'XNYS 2026-01-01',
        'XNYS 2026-11-26',
      ]);
      expect(keys(await env.store.holidays.list({ from: '2026-02-17', to: '2026-12-31' }))).toEqual([
        'XKRX 2026-02-17',
        'XKRX 2026-12-31',
        'XNYS 2026-11-26',
      ]);
      expect(keys(await env.store.holidays.list({ exchange: 'XKRX', from: '2026-03-01' }))).toEqual([
        'XKRX 2026-12-31',
        'XKRX 2027-01-01',
      ]);
      expect(await env.store.holidays.list({ exchange: 'XHKG' })).toEqual([]);
    });

    it('delete reports whether a row was there', async () => {
      await env.store.holidays.put(entry());
      expect(await env.store.holidays.delete('XKRX', '2026-05-02')).toBe(false);
      expect(await env.store.holidays.delete('xkrx', '2026-05-01')).toBe(true);
      expect(await env.store.holidays.delete('XKRX', '2026-05-01')).toBe(false);
      expect(await env.store.holidays.get('XKRX', '2026-05-01')).toBeUndefined();
    });
  });
}
