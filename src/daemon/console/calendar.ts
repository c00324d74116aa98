import type { z } from 'zod';
import type { calendarDay } from '../../contracts/daemon-api/console.ts';
import type { CalendarEntry, ExchangeCalendars } from '../../engine/calendars/exchange-calendars.ts';
import { WEEKENDS, weekdayOf } from '../../engine/calendars/weekends.ts';
import { addDays } from '../../platform/dates.ts';
import { usageError } from '../../platform/errors.ts';

type CalendarDay = z.output<typeof calendarDay>;

/** Curated by a person (`holiday add`, the console); imported providers' entries carry their own source. */
const CURATED = 'manual';

/** Every day of `month` (YYYY-MM) on an exchange: weekend, holiday, curated closure, short session or open. */
export async function monthOf(exchanges: ExchangeCalendars, exchange: string, month: string) {
  if (!exchanges.has(exchange)) {
    const known = exchanges.exchanges().map((e) => e.exchange);
    throw usageError(`unknown exchange "${exchange}" (known: ${known.join(', ') || 'none'})`);
  }
  const code = exchange.toUpperCase();
  const first = `${month}-01`;
  const last = addDays(`${addDays(first, 31).slice(0, 7)}-01`, -1);
  const entries = new Map((await exchanges.entries(code, first, last)).map((e) => [e.date, e]));
  const weekend = exchanges.rules(code).weekend;
  const days: CalendarDay[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    days.push(dayOf(date, entries.get(date), weekend.includes(weekdayOf(date))));
  }
  return { exchange: code, month, days };
}

function dayOf(date: string, entry: CalendarEntry | undefined, weekend: boolean): CalendarDay {
  const plain = { date, name: null, source: null, open: null, close: null };
  if (!entry)
    return weekend ? { ...plain, closed: true, kind: 'weekend' } : { ...plain, closed: false, kind: 'open' };
  const about = {
    date,
    name: entry.name,
    source: entry.source,
    open: entry.open ?? null,
    close: entry.close ?? null,
  };
  if (entry.kind === 'session') return { ...about, closed: false, kind: 'session' };
  // A curated `open` entry makes a weekend or a rule's holiday trade.
  if (entry.kind === 'open') return { ...about, closed: false, kind: 'open' };
  return { ...about, closed: true, kind: entry.source === CURATED ? 'curated' : 'holiday' };
}

/** Why a calendar closes a date, for app.schedule's skipped occurrences. */
export async function closureReason(
  exchanges: ExchangeCalendars,
  calendar: string,
  date: string,
): Promise<string> {
  if (calendar === WEEKENDS) return WEEKENDS;
  const match = /^holidays:(.+)$/.exec(calendar);
  if (!match || !exchanges.has(match[1]!)) return calendar;
  const day = await exchanges.day(match[1]!, date);
  return day.closure ? `${calendar} — ${date} ${day.closure}` : calendar;
}
