import { addDays, type CalendarApi, type DayInfo } from 'opsbot';
import type { DayException } from './exceptions.ts';
import { compareMonths, dateIn, daysIn, type Month, monthLabel, monthOfDate } from './month.ts';
import type { TimeCardDay } from './runner.ts';
import { addHours } from './times.ts';

/** What one run enters: every weekday of the month up to today, minus holidays, with the exceptions. */
export interface MonthPlan {
  month: Month;
  days: TimeCardDay[];
  /** Weekday closures of the calendar in the month, up to the last day considered. */
  holidays: DayInfo[];
  /** Days taken off (`leave` lines). */
  leave: string[];
}

export interface PlanInput {
  calendar: CalendarApi;
  /** The calendar's name, e.g. KR. */
  calendarName: string;
  /** YYYY-MM-DD in the calendar's timezone: the HR site refuses days after it. */
  today: string;
  month: Month;
  exceptions: DayException[];
  start: string;
  end: string;
}

/** Field errors, keyed as the time-card form names its fields. */
export interface PlanErrors {
  month?: string;
  days?: string;
}

const HALF_DAY_HOURS = 4;

export async function planMonth(input: PlanInput): Promise<MonthPlan | { errors: PlanErrors }> {
  const { month, today } = input;
  if (compareMonths(month, monthOfDate(today)) > 0) {
    return {
      errors: {
        month: `${monthLabel(month)}은(는) 아직 오지 않은 달입니다. 이번 달까지만 입력할 수 있습니다.`,
      },
    };
  }
  const first = dateIn(month, 1);
  const monthEnd = dateIn(month, daysIn(month));
  const last = monthEnd < today ? monthEnd : today;
  const holidays = await input.calendar.closures(input.calendarName, first, last);
  const closed = new Set(holidays.map((h) => h.date));
  const working = datesBetween(first, last).filter((d) => !isWeekend(d) && !closed.has(d));
  const problems = input.exceptions.flatMap((e) => exceptionProblem(e, { first, monthEnd, today, working }));
  if (problems.length) return { errors: { days: problems.join('\n') } };

  const byDate = new Map(input.exceptions.map((e) => [e.date, e]));
  const extra = input.exceptions.filter((e) => e.kind === 'times' && !working.includes(e.date));
  const dates = [...working, ...extra.map((e) => e.date)].sort();
  const days: TimeCardDay[] = [];
  const leave: string[] = [];
  for (const date of dates) {
    const exception = byDate.get(date);
    if (exception?.kind === 'leave') leave.push(date);
    else days.push(dayOf(date, exception, input));
  }
  return { month, days, holidays, leave };
}

function dayOf(date: string, exception: DayException | undefined, input: PlanInput): TimeCardDay {
  if (exception?.kind === 'times') return { date, start: exception.start, end: exception.end };
  if (exception?.kind === 'half') {
    return { date, start: input.start, end: addHours(input.start, HALF_DAY_HOURS) ?? input.end };
  }
  return { date, start: input.start, end: input.end };
}

/** Why an exception cannot apply, as a line of the `days` error; none when it is fine. */
function exceptionProblem(
  e: DayException,
  range: { first: string; monthEnd: string; today: string; working: string[] },
): string[] {
  if (e.date < range.first || e.date > range.monthEnd) return [`${e.date}: 입력할 달의 날짜가 아닙니다`];
  if (e.date > range.today) return [`${e.date}: 오늘 이후의 날짜는 입력할 수 없습니다`];
  if (e.kind !== 'times' && !range.working.includes(e.date)) {
    return [`${e.date}: 근무일이 아닙니다 (주말 또는 공휴일)`];
  }
  return [];
}

function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}
