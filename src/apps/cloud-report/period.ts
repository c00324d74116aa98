import { addDays, localDate, localDateTime } from 'opsbot';
import { isoWeekday, isoWeekOf } from '../shared/dates.ts';

/**
 * The report period: half-open [start, end) between two midnights in the customer's timezone (not
 * the host's), and its label, which names the folder and the rows of that period. The same range
 * always gets the same label however it was asked for (`last-month` on Dec 1st and `2026-11` are
 * both `2026-11`), so a re-run replaces the right files and rows.
 */
export interface Period {
  label: string;
  /** First day, YYYY-MM-DD. */
  startDate: string;
  /** The day after the last one (exclusive), YYYY-MM-DD. */
  endDate: string;
  timezone: string;
  /** Epoch ms of startDate 00:00 and endDate 00:00 in the timezone. */
  start: number;
  end: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const FROM_DAY = /^month-from-day:\s*(\d+)$/;

/** Why a period option is not one this app knows, or null. */
export function periodProblem(spec: string): string | null {
  if (spec === 'last-month' || spec === 'last-week' || MONTH.test(spec)) return null;
  const fromDay = FROM_DAY.exec(spec);
  if (fromDay) {
    const day = Number(fromDay[1]);
    return day >= 1 && day <= 28 ? null : `month-from-day takes a day from 1 to 28, got ${day}`;
  }
  const range = RANGE.exec(spec);
  if (range) {
    const [, from = '', to = ''] = range;
    if (!isDate(from) || !isDate(to)) return `"${spec}" has a date that does not exist`;
    return from <= to ? null : `"${spec}" ends before it starts`;
  }
  return `period "${spec}" is not one of last-month, last-week, month-from-day:N, YYYY-MM, YYYY-MM-DD..YYYY-MM-DD`;
}

/** The period a spec stands for at `now` in `timezone`; throws on a spec periodProblem refuses. */
export function resolvePeriod(spec: string, now: number, timezone: string): Period {
  const problem = periodProblem(spec);
  if (problem) throw new Error(problem);
  const today = localDate(now, timezone);
  const [startDate, endDate] = datesOf(spec, today);
  return {
    label: labelOf(startDate, endDate),
    startDate,
    endDate,
    timezone,
    start: midnight(startDate, timezone),
    end: midnight(endDate, timezone),
  };
}

function datesOf(spec: string, today: string): [string, string] {
  if (spec === 'last-month') {
    const end = `${today.slice(0, 7)}-01`;
    return [addMonths(end, -1), end];
  }
  if (spec === 'last-week') {
    const end = addDays(today, 1 - isoWeekday(today));
    return [addDays(end, -7), end];
  }
  const month = MONTH.exec(spec);
  if (month) return [`${spec}-01`, addMonths(`${spec}-01`, 1)];
  const fromDay = FROM_DAY.exec(spec);
  if (fromDay) {
    const day = String(Number(fromDay[1])).padStart(2, '0');
    const thisMonth = `${today.slice(0, 7)}-${day}`;
    const end = thisMonth <= today ? thisMonth : addMonths(thisMonth, -1);
    return [addMonths(end, -1), end];
  }
  const [, from = '', to = ''] = RANGE.exec(spec) ?? [];
  return [from, addDays(to, 1)];
}

/** `2026-11` for a calendar month, `2026-W47` for a Monday-to-Monday week, else `start_end`. */
function labelOf(startDate: string, endDate: string): string {
  if (startDate.endsWith('-01') && addMonths(startDate, 1) === endDate) return startDate.slice(0, 7);
  if (isoWeekday(startDate) === 1 && addDays(startDate, 7) === endDate) return isoWeekOf(startDate);
  return `${startDate}_${endDate}`;
}

/** Epoch ms of 00:00 of a date in a timezone (the offset checked again at the result, for DST). */
export function midnight(date: string, timezone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let guess = wall - offsetAt(wall, timezone);
  guess = wall - offsetAt(guess, timezone);
  return guess;
}

/** How far the timezone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timezone: string): number {
  const wall = localDateTime(ms, timezone).replace(' ', 'T');
  return Date.parse(`${wall}Z`) - Math.floor(ms / 1000) * 1000;
}

/** `+0900` style offset of the timezone at an instant (NCP's startTime/endTime format). */
export function offsetText(ms: number, timezone: string): string {
  const minutes = Math.round(offsetAt(ms, timezone) / 60_000);
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${minutes < 0 ? '-' : '+'}${hhmm}`;
}

function isDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** Same day `months` later; callers only pass days ≤ 28, which every month has. */
function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
