/** The month a time card is for, typed as yyyyMM (as in the old app). */

export interface Month {
  year: number;
  /** 1–12. */
  month: number;
}

/** "202611" → { year: 2026, month: 11 }; undefined when it is not six digits naming a real month. */
export function parseMonth(text: string): Month | undefined {
  const m = /^(\d{4})(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 2000 || month < 1 || month > 12) return undefined;
  return { year, month };
}

/** "2026-11" */
export function monthKey(m: Month): string {
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
}

/** "202611", as the form takes it. */
export function monthInput(m: Month): string {
  return `${m.year}${String(m.month).padStart(2, '0')}`;
}

/** The month a YYYY-MM-DD date is in. */
export function monthOfDate(date: string): Month {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** "2026년 11월" */
export function monthLabel(m: Month): string {
  return `${m.year}년 ${m.month}월`;
}

export function compareMonths(a: Month, b: Month): number {
  return a.year - b.year || a.month - b.month;
}

/** Last day of the month, 28–31. */
export function daysIn(m: Month): number {
  return new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
}

/** YYYY-MM-DD of a day of the month. */
export function dateIn(m: Month, day: number): string {
  return `${monthKey(m)}-${String(day).padStart(2, '0')}`;
}
