import type { Job, RepeatStrategy } from 'bullmq';
import { Occurrences } from '../occurrences.ts';

/** Parsed expressions by `pattern|tz`; a daemon has few schedules, so this stays small. */
const parsed = new Map<string, Occurrences>();

/** The Occurrences of a cron in a zone (shared, parsing once). Throws SCHEDULE_INVALID. */
export function occurrencesOf(cron: string, timezone: string): Occurrences {
  const key = `${cron}|${timezone}`;
  let occurrences = parsed.get(key);
  if (!occurrences) {
    occurrences = new Occurrences(cron, timezone);
    parsed.set(key, occurrences);
  }
  return occurrences;
}

/**
 * BullMQ's repeat strategy, replaced: its default reads patterns with cron-parser, which differs
 * from the local scheduler (croner) on nicknames, DST gaps and day-of-month/day-of-week. With this
 * one BullMQ's next job is exactly `Occurrences.next`, so `nextRun()` and what fires agree.
 */
export const occurrencesStrategy: RepeatStrategy = (millis, opts) => {
  if (!opts.pattern) return undefined;
  return occurrencesOf(opts.pattern, opts.tz ?? 'UTC').next(millis);
};

/**
 * The instant a scheduler's job stands for. Its id is `repeat:{schedulerId}:{millis}` with the
 * exact occurrence; timestamp + delay is only close (both come from Date.now() at creation).
 */
export function scheduledAtOf(job: Pick<Job, 'id' | 'timestamp' | 'delay'>): number {
  const tail = job.id?.slice(job.id.lastIndexOf(':') + 1) ?? '';
  const millis = Number(tail);
  return tail !== '' && Number.isSafeInteger(millis) ? millis : job.timestamp + job.delay;
}
