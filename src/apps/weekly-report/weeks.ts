import { addDays } from 'opsbot';

/**
 * Week arithmetic and the name templates of the weekly report. Dates are YYYY-MM-DD strings,
 * computed in UTC so no timezone or DST shifts a day.
 */

const dayOfWeek = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const KOREAN_WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];

/**
 * The Sunday-based week of the month, as the old report used it: week 1 runs from the 1st to the
 * first Saturday, each Sunday starts the next week. (2026-03-01 is a Sunday: 03-01..03-07 is week 1.)
 */
export function weekOfMonth(date: string): number {
  const day = Number(date.slice(8, 10));
  const firstDow = dayOfWeek(`${date.slice(0, 8)}01`);
  return Math.ceil((day + firstDow) / 7);
}

/** ISO 8601 week: Monday-based, week 1 holds the year's first Thursday. */
export function isoWeek(date: string): { isoYear: number; isoWeek: number } {
  const dow = dayOfWeek(date) || 7;
  const thursday = addDays(date, 4 - dow);
  const isoYear = Number(thursday.slice(0, 4));
  const jan1 = Date.parse(`${isoYear}-01-01T00:00:00Z`);
  const ordinal = Math.round((Date.parse(`${thursday}T00:00:00Z`) - jan1) / 86_400_000);
  return { isoYear, isoWeek: Math.floor(ordinal / 7) + 1 };
}

/** Sunday of the Sunday-to-Saturday week a date falls in. */
export function sundayOf(date: string): string {
  return addDays(date, -dayOfWeek(date));
}

/** The report day (0 = Sunday … 4 = Thursday) of the Sunday-based week a date falls in. */
export function reportDayOf(date: string, weekday = 4): string {
  return addDays(sundayOf(date), weekday);
}

/** Everything a name or cell template can use for one reference date. */
export function weekVars(date: string): Record<string, string> {
  const { isoYear, isoWeek: iw } = isoWeek(date);
  const month = Number(date.slice(5, 7));
  return {
    year: date.slice(0, 4),
    month: String(month),
    month2: String(month).padStart(2, '0'),
    week: String(weekOfMonth(date)),
    isoYear: String(isoYear),
    isoWeek: String(iw),
    isoWeek2: String(iw).padStart(2, '0'),
  };
}

function formatDate(date: string, format: string): string {
  const [y = '', m = '', d = ''] = date.split('-');
  return format.replace(/YYYY|MM|M|DD|D|ddd/g, (token) => {
    switch (token) {
      case 'YYYY':
        return y;
      case 'MM':
        return m;
      case 'M':
        return String(Number(m));
      case 'DD':
        return d;
      case 'D':
        return String(Number(d));
      default:
        return KOREAN_WEEKDAYS[dayOfWeek(date)] ?? '';
    }
  });
}

/**
 * Fills `{year}`, `{month}`, `{month2}`, `{week}`, `{isoYear}`, `{isoWeek}`, `{isoWeek2}` (of the
 * reference date) and the dates `{date}` (the reference date) and `{today}`, which take a day offset
 * and a format: `{date+4}` → 2026-03-09, `{date+4|YYYY년 M월 D일}`, `{today|M/D(ddd)}`. Unknown keys
 * stay as written so a typo shows in the result.
 */
export function fillTemplate(template: string, reference: string, today: string): string {
  const vars = weekVars(reference);
  return template.replace(
    /\{(\w+)([+-]\d+)?(?:\|([^}]*))?\}/g,
    (whole, key: string, offset: string | undefined, format: string | undefined) => {
      if (key === 'date' || key === 'today') {
        const day = addDays(key === 'date' ? reference : today, Number(offset ?? 0));
        return format === undefined ? day : formatDate(day, format);
      }
      return offset === undefined && format === undefined ? (vars[key] ?? whole) : whole;
    },
  );
}

/** True when the template is exactly one date placeholder (so the cell may take a real date). */
export function isDateOnly(template: string): boolean {
  return /^\{(date|today)([+-]\d+)?\}$/.test(template.trim());
}
