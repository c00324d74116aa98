import type { CalendarApi, DayInfo } from '../../contracts/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import { localDate } from '../../platform/dates.ts';
import type { ExchangeCalendars } from './exchange-calendars.ts';
import type { CalendarProvider } from './types.ts';

/**
 * `ctx.calendar` for apps, over the exchange calendars and the calendar registry. A date left out
 * means today in the exchange's own timezone (for isClosed: in the daemon's timezone), so a Seoul
 * morning job asking about XNYS gets New York's date.
 */
export function createCalendarApi(deps: {
  exchanges: ExchangeCalendars;
  registry: CalendarProvider;
  clock: Clock;
  /** The config's timezone, for calendars that are not one exchange's ('weekends'). */
  timezone: () => string;
}): CalendarApi {
  const { exchanges, registry, clock } = deps;
  const today = (exchange: string) => exchanges.today(exchange, clock.now());
  const api: CalendarApi = {
    async isClosed(calendar, date) {
      // A bare exchange code means its holidays (and weekends).
      const name = exchanges.has(calendar) ? `holidays:${calendar.toUpperCase()}` : calendar;
      const day =
        date ?? (exchanges.has(calendar) ? today(calendar) : localDate(clock.now(), deps.timezone()));
      return registry.isClosed(name, day);
    },
    async closedToday(list) {
      const closed: DayInfo[] = [];
      for (const exchange of list) {
        const day = today(exchange);
        closed.push(...(await exchanges.closures(exchange, day, day)));
      }
      return closed;
    },
    isTradingDay: async (exchange, date) => exchanges.isTradingDay(exchange, date ?? today(exchange)),
    closures: async (exchange, from, to) => exchanges.closures(exchange, from, to),
    session: async (exchange, date) => exchanges.session(exchange, date ?? today(exchange)),
    nextTradingDay: async (exchange, date) => exchanges.nextTradingDay(exchange, date ?? today(exchange)),
    previousTradingDay: async (exchange, date) =>
      exchanges.previousTradingDay(exchange, date ?? today(exchange)),
    lastTradingDayOfMonth: async (exchange, month) =>
      exchanges.lastTradingDayOfMonth(exchange, month ?? today(exchange).slice(0, 7)),
    tradingDaysBefore: async (exchange, date, n) => exchanges.tradingDaysBefore(exchange, date, n),
    exchanges: async () => exchanges.exchanges(),
  };
  return api;
}
