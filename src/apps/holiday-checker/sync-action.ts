import { type AppContext, addDays, type DayInfo, type ExchangeInfo, localDate, z } from 'opsbot';
import { type CalendarSyncResult, syncHolidayCalendar, type WorksCalendarClient } from './calendar-sync.ts';

/**
 * `opsbot do <app> sync [--set exchange=XKRX] [--set from=…] [--set to=…]` (and `opsbot holiday
 * sync`): mirrors the closures into the NAVER WORKS calendar now, with the app's calendar settings
 * and the same event map its scheduled runs keep, so the two never create an event twice.
 */

export interface SyncOptions {
  exchanges: string[];
  days: number;
  calendar?: { connection: string; user: string; calendarName?: string; summary: string };
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');
const syncArgs = z.strictObject({
  /** One exchange instead of the app's list. */
  exchange: z.string().min(1).optional(),
  /** Default: today (the earliest "today" of the exchanges). */
  from: day.optional(),
  /** Default: from + the app's `days`. */
  to: day.optional(),
});

export async function syncAction(
  ctx: AppContext<SyncOptions>,
  raw: Record<string, unknown>,
): Promise<CalendarSyncResult> {
  const parsed = syncArgs.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`sync: ${issue?.path.join('.') || 'args'}: ${issue?.message}`);
  }
  const args = parsed.data;
  const { calendar, days } = ctx.options;
  if (!calendar) throw new Error(`app "${ctx.app}" has no calendar: settings to sync`);
  const known = new Map((await ctx.calendar.exchanges()).map((e) => [e.exchange, e]));
  const exchanges = args.exchange ? [args.exchange.toUpperCase()] : ctx.options.exchanges;
  const unknown = exchanges.filter((code) => !known.has(code));
  if (unknown.length) {
    throw new Error(`unknown exchange ${unknown.join(', ')} (known: ${[...known.keys()].sort().join(', ')})`);
  }
  const now = ctx.clock.now();
  const from = args.from ?? exchanges.map((x) => localDate(now, known.get(x)!.timezone)).sort()[0]!;
  const to = args.to ?? addDays(from, days);
  if (from > to) throw new Error(`from ${from} is after to ${to}`);
  const closures = (await Promise.all(exchanges.map((x) => ctx.calendar.closures(x, from, to)))).flat();
  return syncClosures(ctx, calendar, closures, known, { from, to });
}

/** Mirrors closures into the app's WORKS calendar for [from, to], each named after its exchange. */
export function syncClosures(
  ctx: AppContext<unknown>,
  calendar: NonNullable<SyncOptions['calendar']>,
  closures: DayInfo[],
  known: Map<string, ExchangeInfo>,
  range: { from: string; to: string },
): Promise<CalendarSyncResult> {
  const client = ctx.connector<WorksCalendarClient>(calendar.connection);
  return syncHolidayCalendar(
    ctx.dryRun ? withoutWrites(client) : client,
    ctx.store,
    closures.map((c) => ({ ...c, exchangeName: known.get(c.exchange)?.name ?? c.exchange })),
    {
      user: calendar.user,
      ...(calendar.calendarName === undefined ? {} : { calendarName: calendar.calendarName }),
      summary: calendar.summary,
      ...range,
    },
  );
}

const WRITES = new Set<PropertyKey>(['createEvent', 'updateEvent', 'deleteEvent']);

/**
 * For a dry run: the calendar is read as usual, and what would be created, updated or deleted is
 * only counted in the result (with a made-up eventId for a "created" one), so it says what a real
 * run would change.
 */
function withoutWrites(client: WorksCalendarClient): WorksCalendarClient {
  let made = 0;
  const real = client.calendar as unknown as Record<PropertyKey, (...args: unknown[]) => unknown>;
  const calendar = new Proxy(real, {
    get(target, prop) {
      if (WRITES.has(prop))
        return async () => (prop === 'createEvent' ? { eventId: `dry-run-${++made}` } : {});
      return (...args: unknown[]) => target[prop]!(...args);
    },
  });
  return { directory: client.directory, calendar } as unknown as WorksCalendarClient;
}
