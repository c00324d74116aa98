import type { HolidayAddArgs, HolidayDiffArgs, HolidayDiffReport } from '../contracts/daemon-api/holidays.ts';
import type { ExchangeCalendars } from '../engine/calendars/exchange-calendars.ts';
import {
  hasProviders,
  type ProviderConfig,
  providerDiff,
} from '../engine/calendars/providers/provider-diff.ts';
import type { Store } from '../platform/store/types.ts';
import { storeMethods } from './store-methods.ts';

/**
 * The app API's holiday methods: the provider diff `opsbot holiday diff` prints, and a curated
 * closure written by the same handler as `opsbot holiday add` (same checks, same table).
 */
export interface HolidayServices {
  diff(args: HolidayDiffArgs): Promise<{ exchanges: HolidayDiffReport['exchanges'] | null }>;
  add(args: Required<HolidayAddArgs>): Promise<{ replaced: boolean }>;
}

export function holidayServices(deps: {
  config: () => ProviderConfig;
  calendars: () => ExchangeCalendars;
  store: Store;
  now: () => number;
}): HolidayServices {
  const writes = storeMethods({
    store: deps.store,
    exchanges: () =>
      new Set(
        deps
          .calendars()
          .exchanges()
          .map((e) => e.exchange),
      ),
    now: deps.now,
  });
  return {
    async diff({ from, to, exchanges }) {
      const config = deps.config();
      if (!hasProviders(config)) return { exchanges: null };
      const range = { from, to, ...(exchanges ? { exchanges } : {}) };
      return { exchanges: await providerDiff(config, deps.calendars(), range) };
    },
    async add({ exchange, date, name, source }) {
      const { entry, replaced } = await writes['holiday.add']({ exchange, date, name, kind: 'closed' }, {});
      // The CLI's handler records 'manual'; an applied suggestion names the provider it came from.
      if (source !== entry.source) await deps.store.holidays.put({ ...entry, source });
      return { replaced };
    },
  };
}
