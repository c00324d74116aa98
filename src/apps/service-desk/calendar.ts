import { type AppContext, addDays, localDateTime } from 'opsbot';
import { isoWeekday } from '../shared/dates.ts';
import type { Options } from './options.ts';

export { isoWeekOf } from '../shared/dates.ts';

/** The local date and time the app acts on. */
export interface Today {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** YYYY-MM */
  month: string;
}

/** When the calendar does not say: the team is a Korean one. */
const FALLBACK_TIMEZONE = 'Asia/Seoul';

/** The office calendar: its timezone, and which days are working days. */
export class OfficeCalendar {
  readonly #ctx: AppContext<Options>;
  readonly timezone: string;

  private constructor(ctx: AppContext<Options>, timezone: string) {
    this.#ctx = ctx;
    this.timezone = timezone;
  }

  static async of(ctx: AppContext<Options>): Promise<OfficeCalendar> {
    const name = ctx.options.calendar;
    const known = (await ctx.calendar.exchanges()).find((e) => e.exchange === name);
    if (!known) throw new Error(`service-desk: unknown calendar "${name}" (with.calendar)`);
    return new OfficeCalendar(ctx, known.timezone || FALLBACK_TIMEZONE);
  }

  /** Now, or the run's `at` option when one is given. */
  today(): Today {
    const at = this.#ctx.options.at;
    const ms = at ? Date.parse(at) : this.#ctx.clock.now();
    if (Number.isNaN(ms)) throw new Error(`service-desk: "at" is not an ISO time: ${at}`);
    const local = localDateTime(ms, this.timezone);
    return { date: local.slice(0, 10), time: local.slice(11, 16), month: local.slice(0, 7) };
  }

  /** Not a weekend, not a holiday: the calendar's trading days are the office's working days. */
  async isWorkingDay(date: string): Promise<boolean> {
    return this.#ctx.calendar.isTradingDay(this.#ctx.options.calendar, date);
  }

  /** The date itself when it is a working day, else the next one. */
  async onOrAfter(date: string): Promise<string> {
    if (await this.isWorkingDay(date)) return date;
    return this.#ctx.calendar.nextTradingDay(this.#ctx.options.calendar, date);
  }

  /** The last working day before a date. */
  async before(date: string): Promise<string> {
    return this.#ctx.calendar.previousTradingDay(this.#ctx.options.calendar, date);
  }
}

export const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export const dayOfMonth = (month: string, day: number): string => `${month}-${String(day).padStart(2, '0')}`;

/** The date of an ISO weekday (1 = Monday … 7 = Sunday) in the week of a date. */
export function weekdayOfWeek(date: string, weekday: number): string {
  return addDays(date, weekday - isoWeekday(date));
}

/** "3월 15일" */
export const koreanDate = (date: string): string =>
  `${Number(date.slice(5, 7))}월 ${Number(date.slice(8, 10))}일`;
