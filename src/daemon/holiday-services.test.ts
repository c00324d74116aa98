import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeCalendars } from '../engine/calendars/exchange-calendars.ts';
import { exchangeRules } from '../engine/calendars/rules-for.ts';
import { openStore } from '../platform/store/open.ts';
import type { Store } from '../platform/store/types.ts';
import { holidayServices } from './holiday-services.ts';
import { createHostServices } from './host-services.ts';

/** The app API's holiday methods, through the host services' dispatcher as an app's call arrives. */

let store: Store;
let call: (method: string, args: unknown[]) => Promise<unknown>;

beforeEach(async () => {
  store = await openStore({ url: 'sqlite', dataDir: '', masterKey: Buffer.alloc(32), memory: true });
  const calendars = new ExchangeCalendars({ store: store.holidays, rules: exchangeRules({}) });
  const holidays = holidayServices({
    config: () => ({ holidayProviders: {}, exchanges: {} }),
    calendars: () => calendars,
    store,
    now: () => 1000,
  });
  const host = createHostServices({
    store,
    outbox: { enqueue: async () => [], enqueueMany: async () => ({ ids: [], failed: [] }) },
    calendar: {} as never,
    connectors: () => new Map(),
    holidays,
  });
  call = (method, args) => host('holiday-checker', method, args);
});
afterEach(() => store.close());

describe('holiday.diff and holiday.add over the app API', () => {
  it('diff answers null exchanges when no provider is configured', async () => {
    expect(await call('holiday.diff', [{ from: '2026-01-01', to: '2026-12-31' }])).toEqual({
      exchanges: null,
    });
  });

  it('add writes a curated closure with the provider as its source, checked like holiday add', async () => {
    expect(
      await call('holiday.add', [
        { exchange: 'xkrx', date: '2026-03-03', name: '임시공휴일', source: 'datagokr' },
      ]),
    ).toEqual({ replaced: false });
    expect(await store.holidays.get('XKRX', '2026-03-03')).toMatchObject({
      kind: 'closed',
      name: '임시공휴일',
      source: 'datagokr',
    });
    await expect(call('holiday.add', [{ exchange: 'NOPE', date: '2026-03-03', name: 'x' }])).rejects.toThrow(
      'unknown exchange "NOPE"',
    );
    await expect(call('holiday.add', [{ exchange: 'XKRX', date: '2026-3-3', name: 'x' }])).rejects.toThrow(
      'must be a YYYY-MM-DD date',
    );
  });
});
