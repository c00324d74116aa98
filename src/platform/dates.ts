/**
 * Calendar dates as YYYY-MM-DD strings: the local date of an instant in an IANA zone, and day
 * arithmetic. Arithmetic runs in UTC so a DST change never shifts a day. Apps get these through `opsbot`.
 */

const DAY_MS = 24 * 3600 * 1000;

// Intl formatters are slow to build (tens of µs) and these run per holiday, per event, per log line.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  withTime: boolean,
): Intl.DateTimeFormat {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for a name that is not an IANA zone.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}),
    });
    cache.set(timeZone, formatter);
  }
  return formatter;
}

function partsOf(formatter: Intl.DateTimeFormat, ms: number): (type: string) => string {
  const parts = formatter.formatToParts(ms);
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}

/** YYYY-MM-DD of an instant in a timezone. */
export function localDate(ms: number, timeZone: string): string {
  const get = partsOf(cached(dateFormatters, timeZone, false), ms);
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "YYYY-MM-DD HH:mm:ss" of an instant in a timezone (24-hour clock). */
export function localDateTime(ms: number, timeZone: string): string {
  const get = partsOf(cached(dateTimeFormatters, timeZone, true), ms);
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The date `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
