import type { CalendarProvider } from '../../engine/calendars/types.ts';
import { Occurrences } from '../../engine/scheduler/index.ts';
import type { JobSchedule } from '../../engine/scheduler/types.ts';

/** Skipped occurrences listed at most: an every-minute job passes 1440 on one closed day. */
const MAX_SKIPPED = 100;
/** Closed days passed over at most while looking for the next runs (as the scheduler does). */
const MAX_CLOSED_DAYS = 370;

export interface ScheduleDeps {
  /** Asked afresh on every call (no cache), so a closure just added shows at once. */
  calendars: CalendarProvider;
  /** Why `calendar` closes `date`, in words ("holidays:XKRX — 2026-12-25 Christmas"). */
  reason(calendar: string, date: string): Promise<string>;
}

export interface Upcoming {
  next: number[];
  skipped: Array<{ at: number; date: string; reason: string }>;
}

/**
 * The next `count` instants a schedule runs after `now`, with the occurrences on closed days met on
 * the way and why they are skipped. Closed days are jumped a day at a time, like the scheduler.
 */
export async function upcoming(
  deps: ScheduleDeps,
  job: JobSchedule,
  now: number,
  count: number,
): Promise<Upcoming> {
  const occurrences = new Occurrences(job.cron, job.timezone);
  const result: Upcoming = { next: [], skipped: [] };
  let at = occurrences.next(now);
  let closedDays = 0;
  while (at !== undefined && result.next.length < count && closedDays < MAX_CLOSED_DAYS) {
    const date = occurrences.zone.localDate(at);
    const closedBy = await firstClosed(deps.calendars, job.skip, date);
    if (closedBy === null) {
      result.next.push(at);
      at = occurrences.next(at);
      continue;
    }
    closedDays++;
    const reason = await deps.reason(closedBy, date);
    const dayEnd = occurrences.zone.startOfNextDay(at);
    for (; at !== undefined && at < dayEnd; at = occurrences.next(at)) {
      if (result.skipped.length < MAX_SKIPPED) result.skipped.push({ at, date, reason });
      else break;
    }
    if (at !== undefined && at < dayEnd) at = occurrences.next(dayEnd - 1);
  }
  return result;
}

async function firstClosed(calendars: CalendarProvider, skip: readonly string[], date: string) {
  for (const calendar of skip) {
    try {
      if (await calendars.isClosed(calendar, date)) return calendar;
    } catch {
      // The scheduler counts a failing calendar as open (and logs it); say the same here.
    }
  }
  return null;
}
