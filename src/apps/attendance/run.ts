import type { AppContext } from 'opsbot';
import {
  crashedMessage,
  progressMessage,
  startedMessage,
  summaryMessage,
  uploadFailedMessage,
  wrongPasswordMessage,
} from './messages.ts';
import { monthInput } from './month.ts';
import type { Options } from './options.ts';
import type { Person } from './people.ts';
import { reasonOf, redact } from './redact.ts';
import { type FillFailure, type FillResult, type Runner, WrongPassword } from './runner.ts';
import { connectionOf, type SlackLike } from './slack.ts';
import type { MonthPlan } from './working-days.ts';

/** One person's request, as the time-card form gave it. The password lives only here, for this run. */
export interface Job {
  person: Person;
  /** Where the person asked (their DM): every message of the run goes there. */
  replyTo: string;
  password: string;
  plan: MonthPlan;
}

export interface RunDeps {
  ctx: AppContext<Options>;
  runner: Runner;
}

/** Days between progress messages: every 5 days, or every quarter of a long month. */
function progressStep(total: number): number {
  return Math.max(5, Math.ceil(total / 4));
}

/** Fills the days and tells the person (and the target) how it went. Never throws. */
export async function runJob({ ctx, runner }: RunDeps, job: Job): Promise<void> {
  const { plan, person } = job;
  const tell = (message: Parameters<typeof ctx.notify>[1]) => ctx.notify(job.replyTo, message);
  try {
    await tell(startedMessage(plan));
    const step = progressStep(plan.days.length);
    const result = await runner.fill({
      account: { memberId: person.memberId, userId: person.userId, password: job.password },
      days: plan.days,
      signal: ctx.signal,
      onDay: async (_day, done, total) => {
        if (done % step === 0 && done < total) await tell(progressMessage(done, total));
      },
    });
    await report({ ctx, runner }, job, clean(result, job.password));
  } catch (err) {
    if (err instanceof WrongPassword) {
      ctx.log.info({ user: person.slackUser, month: monthInput(plan.month) }, 'attendance login refused');
      await tell(wrongPasswordMessage(ctx.options.command)).catch(() => {});
      return;
    }
    const reason = reasonOf(err, job.password);
    ctx.log.error(
      { user: person.slackUser, month: monthInput(plan.month), err: reason },
      'attendance run failed',
    );
    await tell(crashedMessage(reason)).catch(() => {});
  }
}

async function report({ ctx }: RunDeps, job: Job, result: FillResult): Promise<void> {
  const { plan, person } = job;
  const entered = result.days.filter((d) => d.outcome === 'entered').length;
  ctx.log.info(
    {
      user: person.slackUser,
      month: monthInput(plan.month),
      days: plan.days.length,
      entered,
      failed: !!result.failure,
    },
    'attendance run finished',
  );
  await ctx.notify(job.replyTo, summaryMessage(plan, result.days, result.failure));
  if (ctx.options.target) {
    await ctx.notify(ctx.options.target, summaryMessage(plan, result.days, result.failure, person.slackUser));
  }
  if (result.failure?.screenshot) await uploadScreenshot(ctx, job, result.failure);
}

/** The failure is already reported; a failed upload only adds a note. */
async function uploadScreenshot(ctx: AppContext<Options>, job: Job, failure: FillFailure): Promise<void> {
  const user = job.person.slackUser;
  try {
    await ctx.connector<SlackLike>(connectionOf(job.replyTo)).uploadFile({
      to: `user/${user}`,
      filename: `attendance-${monthInput(job.plan.month)}-${failure.step.replace(/[^\w-]+/g, '-')}.png`,
      data: new Uint8Array(failure.screenshot!),
      title: `출퇴근 입력 오류 화면 (${failure.step})`,
      comment: `${failure.step} 단계에서 멈춘 화면입니다.`,
    });
  } catch (err) {
    ctx.log.warn({ user, err: reasonOf(err, job.password) }, 'attendance screenshot upload failed');
    await ctx.notify(job.replyTo, uploadFailedMessage()).catch(() => {});
  }
}

/** The result with the password cut out of every text the browser code wrote. */
function clean(result: FillResult, password: string): FillResult {
  const failure = result.failure && {
    ...result.failure,
    step: redact(result.failure.step, password),
    message: redact(result.failure.message, password),
  };
  return {
    days: result.days.map((d) => ({
      ...d,
      ...(d.step === undefined ? {} : { step: redact(d.step, password) }),
      ...(d.error === undefined ? {} : { error: redact(d.error, password) }),
    })),
    ...(failure ? { failure } : {}),
  };
}
