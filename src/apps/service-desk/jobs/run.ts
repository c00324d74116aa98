import type { AppContext } from 'opsbot';
import { OfficeCalendar } from '../calendar.ts';
import type { Options } from '../options.ts';
import { People } from '../people.ts';
import { type Reached, reachedText } from '../reach.ts';
import { jobsAround } from './due.ts';

/**
 * One scheduled run (every 10 minutes by default): does each job due by now on this working day,
 * once per month or week (a marker in ctx.store says it was done). Weekends and holidays do
 * nothing: jobs falling on them moved to the next working day already.
 */
export async function runDue(ctx: AppContext<Options>): Promise<void> {
  const calendar = await OfficeCalendar.of(ctx);
  const today = calendar.today();
  if (!(await calendar.isWorkingDay(today.date))) return;
  for (const job of await jobsAround(ctx, calendar, today)) {
    if (job.date !== today.date || today.time < job.at) continue;
    const marker = `job/${job.name}/${job.period}`;
    if (await ctx.store.get(marker)) continue;
    const result = await job.work();
    await ctx.store.set(marker, { doneAt: ctx.clock.now() });
    ctx.log.info({ job: job.name, period: job.period, result }, 'service-desk job done');
    if ('unreachable' in result && result.unreachable.length) await tellAdmins(ctx, job.name, result);
  }
}

/** Admins hear about people a reminder could not reach, in the rooms they last wrote from. */
async function tellAdmins(ctx: AppContext<Options>, job: string, reached: Reached): Promise<void> {
  const text = `알림(${job})을 보냈습니다: ${reachedText(reached)}`;
  for (const admin of (await new People(ctx).all()).filter((p) => p.admin && p.replyTo)) {
    await ctx.notify(admin.replyTo as string, { title: '알림 결과', text });
  }
}
