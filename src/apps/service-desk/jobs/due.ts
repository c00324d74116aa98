import { type AppContext, addDays } from 'opsbot';
import { dayOfMonth, isoWeekOf, type OfficeCalendar, type Today, weekdayOfWeek } from '../calendar.ts';
import type { Options } from '../options.ts';
import { deadlineOf } from '../pick-window.ts';
import type { Reached } from '../reach.ts';
import { mailPicks, remindEveryone, remindMissing } from './day-pick.ts';
import { mailReports, remindReports } from './reports.ts';

/** One scheduled job: what it does, for which month or week, and the working day and time it is due. */
export interface Job {
  name: string;
  /** YYYY-MM or YYYY-Www: the job runs once per period. */
  period: string;
  date: string;
  at: string;
  work(): Promise<Reached | { mailed: string[] }>;
}

/** Every job of this month and week (and last week's, when its day moved into this week). */
export async function jobsAround(
  ctx: AppContext<Options>,
  calendar: OfficeCalendar,
  today: Today,
): Promise<Job[]> {
  return [
    ...(await dayPickJobs(ctx, calendar, today.month)),
    ...(await reportJobs(ctx, calendar, today.date)),
    ...(await reportJobs(ctx, calendar, addDays(today.date, -7))),
  ];
}

async function dayPickJobs(
  ctx: AppContext<Options>,
  calendar: OfficeCalendar,
  month: string,
): Promise<Job[]> {
  const rule = ctx.options.dayPick;
  const deadline = await deadlineOf(calendar, month, rule);
  return [
    {
      name: 'day-pick-remind',
      period: month,
      date: await calendar.onOrAfter(dayOfMonth(month, rule.remindDay)),
      at: rule.remindAt,
      work: () => remindEveryone(ctx, calendar, month),
    },
    {
      name: 'day-pick-last-call',
      period: month,
      date: await calendar.before(deadline.date),
      at: rule.remindAt,
      work: () => remindMissing(ctx, calendar, month),
    },
    {
      name: 'day-pick-digest',
      period: month,
      date: deadline.date,
      at: deadline.time,
      work: () => mailPicks(ctx, month),
    },
  ];
}

async function reportJobs(
  ctx: AppContext<Options>,
  calendar: OfficeCalendar,
  inWeek: string,
): Promise<Job[]> {
  const rule = ctx.options.reports;
  const week = isoWeekOf(inWeek);
  const date = await calendar.onOrAfter(weekdayOfWeek(inWeek, rule.remindWeekday));
  return [
    { name: 'report-remind', period: week, date, at: rule.remindAt, work: () => remindReports(ctx, week) },
    { name: 'report-digest', period: week, date, at: rule.deadlineAt, work: () => mailReports(ctx, week) },
  ];
}
