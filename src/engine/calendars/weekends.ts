import type { CalendarProvider } from './types.ts';

export const WEEKENDS = 'weekends';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of the week of a `YYYY-MM-DD` date, 0 = Sunday. Throws on anything else. */
export function weekdayOf(date: string): number {
  const match = DATE.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const at = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March; a date that does not round-trip is not a date.
  if (!match || at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) {
    throw new TypeError(`not a YYYY-MM-DD date: "${date}"`);
  }
  return at.getUTCDay();
}

/** The built-in `weekends` calendar: closed on Saturday and Sunday. */
export const weekendsCalendar: CalendarProvider = {
  knows: (calendar) => calendar === WEEKENDS,
  async isClosed(calendar, date) {
    if (calendar !== WEEKENDS) throw new TypeError(`weekends provider asked about "${calendar}"`);
    const day = weekdayOf(date);
    return day === 0 || day === 6;
  },
};
