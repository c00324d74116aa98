/**
 * Date math on `YYYY-MM-DD` strings, done in UTC so no host timezone or DST can shift a day,
 * plus the small helpers the exchange rules share (observance, nth weekday, Easter, memoizing).
 */
import type Holidays from 'date-holidays';
import { addDays } from '../../../platform/dates.ts';
import type { RuleClosure, SpecialSession } from './types.ts';

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` for a year, a month (1–12) and a day. */
export function ymd(year: number, month: number, day: number): string {
  return fromUtc(Date.UTC(year, month - 1, day));
}

export { addDays };

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toUtc(date)).getUTCDay();
}

export function isWeekday(date: string): boolean {
  const day = dayOfWeek(date);
  return day !== 0 && day !== 6;
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = from; at <= to; at = addDays(at, 1)) out.push(at);
  return out;
}

/**
 * The `n`th `weekday` (0 = Sunday) of a month (1–12); `n = -1` is the last one.
 * E.g. Thanksgiving = nthWeekday(year, 11, 4, 4).
 */
export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n < 0) {
    const last = addDays(ymd(year, month + 1, 1), -1);
    return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
  }
  const first = ymd(year, month, 1);
  return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + (n - 1) * 7);
}

/** Saturday → the Friday before, Sunday → the Monday after (the US/UK "nearest weekday" rule). */
export function observeNearest(date: string): string {
  const day = dayOfWeek(date);
  if (day === 6) return addDays(date, -1);
  if (day === 0) return addDays(date, 1);
  return date;
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/**
 * Collects closures keyed by date: one entry per date, names of holidays sharing a day joined
 * with ", " (2025-05-05 is both 어린이날 and 부처님 오신 날). Output is sorted by date.
 */
export class ClosureSet {
  readonly #byDate = new Map<string, string[]>();

  add(date: string, name: string): void {
    const names = this.#byDate.get(date);
    if (!names) this.#byDate.set(date, [name]);
    else if (!names.includes(name)) names.push(name);
  }

  has(date: string): boolean {
    return this.#byDate.has(date);
  }

  list(): RuleClosure[] {
    return [...this.#byDate.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([date, names]) => ({ date, name: names.join(', ') }));
  }
}

/**
 * Caches a per-year computation. Rules are asked about the same few years over and over (every
 * schedule tick), so each year is computed once; callers get a copy they may mutate.
 */
export function memoByYear<T extends object>(compute: (year: number) => T[]): (year: number) => T[] {
  const cache = new Map<number, readonly T[]>();
  return (year) => {
    let hit = cache.get(year);
    if (!hit) {
      hit = compute(year);
      cache.set(year, hit);
    }
    return hit.map((item) => ({ ...item }));
  };
}

/** A special session only counts on a day that trades: a weekday the rules do not close. */
export function tradingSpecials(
  specials: SpecialSession[],
  closed: (date: string) => boolean,
): SpecialSession[] {
  return specials
    .filter((s) => isWeekday(s.date) && !closed(s.date))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * The days of a date-holidays year, multi-day items (start/end) expanded to one row per day.
 * `item.date` is the local start ("2025-03-08 12:00:00"); the span is counted in whole days,
 * rounded so a DST change (23 h / 25 h) or a noon start still counts as one day.
 */
export function expandHolidays(
  source: Holidays,
  year: number,
  keep: (item: { type: string; name: string }) => boolean,
): RuleClosure[] {
  const out: RuleClosure[] = [];
  for (const item of source.getHolidays(year)) {
    if (!keep(item)) continue;
    const days = Math.max(1, Math.round((item.end.getTime() - item.start.getTime()) / DAY_MS));
    const first = item.date.slice(0, 10);
    for (let i = 0; i < days; i++) out.push({ date: addDays(first, i), name: item.name });
  }
  return out;
}
