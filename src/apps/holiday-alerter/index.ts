import {
  addDays,
  type DayInfo,
  defineApp,
  type ExchangeInfo,
  localDate,
  type PortableMessage,
  z,
} from 'opsbot';
import { fill } from '../shared/dates.ts';
import { dryRunAware } from '../shared/dry-run.ts';

/**
 * Morning holiday notice for the desk (the old holiday_alerter): one message per listed exchange
 * that is closed today, optionally a heads-up for the next weekday's closures and today's late
 * opens / early closes. "Today" is the exchange's own date: at 07:30 in Seoul it is still yesterday
 * in New York. Built on the public SDK, plus the date helpers the built-in apps share.
 *
 * The default schedule is Mon–Fri 07:30 in the daemon's timezone; `schedule:` in opsbot.yaml
 * overrides it (there is no separate time option).
 */

export default defineApp({
  description: "posts today's exchange closures (and optionally tomorrow's, and special sessions)",
  options: z.object({
    /** Where notices go: a named target or connection/kind/id. */
    target: z.string(),
    /** Exchange codes (XKRX, XNYS, …) to watch. */
    exchanges: z.array(z.string()).min(1),
    /** {name} = exchange name, {holiday} = closure name, {exchange} = code, {date} = YYYY-MM-DD. */
    template: z.string().default('금일 {name} 거래소 휴장일({holiday}) 입니다.'),
    /** Also warn about closures on the next weekday (Friday → Monday). */
    dayAhead: z.boolean().default(false),
    dayAheadTemplate: z.string().default('{date} {name} 거래소 휴장일({holiday}) 예정입니다.'),
    /** Also post today's late opens / early closes. */
    sessions: z.boolean().default(true),
    /** {special} = why the hours differ, {open}/{close} = local HH:MM, {timezone}, plus {name}/{exchange}/{date}. */
    sessionTemplate: z.string().default('금일 {name} 거래소 {special}: {open}~{close} (현지 시각)'),
    /** Header of the rendered alert (the flex bubble's title on NAVER WORKS). */
    title: z.string().default('휴장일 알림'),
  }),
  schedule: { cron: '30 7 * * 1-5' },

  // A dry run logs the notices it would post.
  dryRun: true,

  async run(input) {
    const ctx = dryRunAware(input);
    const o = ctx.options;
    const known = new Map((await ctx.calendar.exchanges()).map((e) => [e.exchange, e]));
    const unknown = o.exchanges.filter((code) => !known.has(code));
    if (unknown.length) ctx.log.warn({ unknown }, 'exchanges the calendar does not list; using their codes');
    const info = (code: string): ExchangeInfo =>
      known.get(code) ?? { exchange: code, name: code, timezone: 'Asia/Seoul' };
    const notice = (text: string): PortableMessage => ({ title: o.title, text, severity: 'info' });

    const closedToday = await ctx.calendar.closedToday(o.exchanges);
    const closedCodes = new Set(closedToday.map((d) => d.exchange));
    for (const day of closedToday) {
      await ctx.notify(o.target, notice(fill(o.template, closureVars(info(day.exchange), day))));
    }

    for (const code of o.exchanges) {
      const exchange = info(code);
      const today = localDate(ctx.clock.now(), exchange.timezone);
      // Weekends are quiet even when a schedule override fires on them.
      if (isWeekend(today)) continue;
      if (o.sessions && !closedCodes.has(code)) {
        const hours = await ctx.calendar.session(code);
        if (hours?.special) {
          const text = fill(o.sessionTemplate, {
            ...closureVars(exchange, { exchange: code, date: hours.date, name: hours.special }),
            special: hours.special,
            open: hours.open,
            close: hours.close,
            timezone: hours.timezone,
          });
          await ctx.notify(o.target, notice(text));
        }
      }
      if (o.dayAhead) {
        const next = nextWeekday(today);
        for (const day of await ctx.calendar.closures(code, next, next)) {
          await ctx.notify(o.target, notice(fill(o.dayAheadTemplate, closureVars(exchange, day))));
        }
      }
    }
    ctx.log.info({ closed: [...closedCodes] }, 'holiday alert done');
  },
});

function closureVars(exchange: ExchangeInfo, day: DayInfo): Record<string, string> {
  return { name: exchange.name, exchange: exchange.exchange, holiday: day.name, date: day.date };
}

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isWeekend(date: string): boolean {
  return dayOfWeek(date) === 0 || dayOfWeek(date) === 6;
}

/** The next Monday–Friday after a date, so Friday's heads-up covers Monday. */
function nextWeekday(date: string): string {
  let next = addDays(date, 1);
  while (isWeekend(next)) next = addDays(next, 1);
  return next;
}
