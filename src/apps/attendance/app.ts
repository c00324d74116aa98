import { type AppContext, defineApp, localDate } from 'opsbot';
import { createBrowserRunner } from './browser-runner.ts';
import { Handlers } from './handlers.ts';
import { type Options, options } from './options.ts';
import { migrations } from './people.ts';
import { registrationForm } from './registration-form.ts';
import { RunQueue } from './run-queue.ts';
import type { Runner } from './runner.ts';
import { type CalendarView, timeCardForm } from './timecard-form.ts';

export interface AttendanceDeps {
  /** Makes the browser runner once the app starts (tests pass a fake). */
  createRunner?(options: Options): Promise<Runner>;
}

/** When the calendar does not say: the HR site is a Korean one. */
const FALLBACK_TIMEZONE = 'Asia/Seoul';

/**
 * builtin:attendance (seed 001): a slash command or global shortcut opens a form; the first time
 * it registers the person's HR account, after that it takes a month and the password, and a
 * headless browser enters every working day of that month on the HR time-card site.
 */
export function createAttendanceApp(deps: AttendanceDeps = {}) {
  const createRunner = deps.createRunner ?? createBrowserRunner;
  const running = new WeakMap<object, { queue: RunQueue; runner: Runner }>();
  return defineApp({
    description: 'Slack: enters a month of working days on the HR time-card site with a headless browser',
    options,
    migrations,
    async start(ctx) {
      const view = await calendarView(ctx);
      const runner = await createRunner(ctx.options);
      const queue = new RunQueue(ctx.options.concurrency);
      running.set(ctx, { queue, runner });
      const handlers = new Handlers(ctx, view, queue, runner);
      ctx.onCommand(ctx.options.command, async (cmd) => {
        const word = cmd.args[0]?.toLowerCase();
        await (word ? handlers.word(cmd, word) : handlers.open(cmd));
      });
      ctx.onEvent('shortcut', async (event) => {
        if (event.data === ctx.options.shortcut) await handlers.open(event);
      });
      // Registered with the specs so their validate also runs for forms opened before a restart.
      ctx.onForm(registrationForm(), (answers, from) => handlers.registered(answers, from));
      ctx.onForm(timeCardForm(view, false), (answers, from) => handlers.timeCard(answers, from));
    },
    async stop(ctx) {
      const state = running.get(ctx);
      running.delete(ctx);
      if (!state) return;
      const dropped = state.queue.clear();
      if (dropped) ctx.log.warn({ dropped }, 'attendance runs still waiting were dropped on stop');
      await state.runner.close();
    },
  });
}

/** "Today" is the holiday calendar's own date, as the HR site (in that country) sees it. */
async function calendarView(ctx: AppContext<Options>): Promise<CalendarView> {
  const name = ctx.options.calendar;
  const known = (await ctx.calendar.exchanges()).find((e) => e.exchange === name);
  if (!known) throw new Error(`attendance: unknown calendar "${name}" (with.calendar)`);
  const timezone = known.timezone || FALLBACK_TIMEZONE;
  return { calendar: ctx.calendar, calendarName: name, today: () => localDate(ctx.clock.now(), timezone) };
}
