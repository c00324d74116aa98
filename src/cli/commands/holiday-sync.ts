import {
  type SyncHoliday,
  syncHolidayCalendar,
  type WorksCalendarClient,
} from '../../apps/holiday-checker/calendar-sync.ts';
import { createConnectors } from '../../daemon/daemon.ts';
import { systemClock } from '../../platform/clock.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import { usageError } from '../../platform/errors.ts';
import { silentLogger } from '../../platform/log.ts';
import { printJson, say } from '../output.ts';
import { exchangeArg, type RangeOpts, withCalendars } from './holiday.ts';

/**
 * `opsbot holiday sync` (old name `calendarupdate`): the holiday-checker app's calendar sync, now.
 * It uses that app's `calendar:` settings and its stored event map, so the app's next run and this
 * command never create the same event twice.
 */

const CHECKER = 'builtin:holiday-checker';

function checkerApp(config: LoadedConfig, name: string | undefined): [string, Record<string, unknown>] {
  const apps = Object.entries(config.apps).filter(([n, a]) => (name ? n === name : a.use === CHECKER));
  const found = apps[0];
  if (!found) {
    throw usageError(
      name
        ? `no app named "${name}" in the config`
        : `no app uses ${CHECKER}: add one with calendar settings`,
    );
  }
  return [found[0], found[1].with];
}

export async function holidaySyncCommand(opts: RangeOpts & { app?: string }) {
  const result = await withCalendars(
    opts.config,
    (rules) => {
      if (opts.exchange) exchangeArg(rules, opts.exchange);
    },
    async ({ config, store, calendars }) => {
      const [appName, raw] = checkerApp(config, opts.app);
      const checker = (await import('../../apps/holiday-checker/index.ts')).default;
      const options = checker.options?.parse(raw) as {
        exchanges: string[];
        days: number;
        calendar?: { connection: string; user: string; calendarName?: string; summary: string };
      };
      if (!options.calendar) throw usageError(`app "${appName}" has no calendar: settings to sync`);
      const exchanges = opts.exchange ? [opts.exchange.toUpperCase()] : options.exchanges;
      const now = Date.now();
      const from = opts.from ?? exchanges.map((x) => calendars.today(x, now)).sort()[0] ?? '';
      const to =
        opts.to ??
        new Date(Date.parse(`${from}T00:00:00Z`) + options.days * 86_400_000).toISOString().slice(0, 10);
      const names = new Map(calendars.exchanges().map((e) => [e.exchange, e.name]));
      const holidays: SyncHoliday[] = [];
      for (const exchange of exchanges) {
        for (const c of await calendars.closures(exchange, from, to)) {
          holidays.push({ ...c, exchangeName: names.get(c.exchange) ?? c.exchange });
        }
      }
      const connectors = createConnectors(config, store, silentLogger(), systemClock);
      const client = connectors.get(options.calendar.connection)?.client as WorksCalendarClient | undefined;
      if (!client?.calendar) {
        throw usageError(
          `connection "${options.calendar.connection}" has no calendar API (it must be type naverworks)`,
        );
      }
      // The app's own key-value namespace: the same event map its scheduled runs use.
      const kv = {
        get: <T>(key: string) => store.kv.get<T>(appName, key),
        set: (key: string, value: unknown) => store.kv.set(appName, key, value),
      };
      return syncHolidayCalendar(client, kv, holidays, {
        user: options.calendar.user,
        ...(options.calendar.calendarName ? { calendarName: options.calendar.calendarName } : {}),
        summary: options.calendar.summary,
        from,
        to,
      });
    },
  );
  if (opts.json) {
    printJson(result);
    return;
  }
  say(
    `calendar synced: ${result.created.length} created, ${result.updated.length} updated, ` +
      `${result.deleted.length} deleted, ${result.unchanged} unchanged`,
  );
}
