import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/log.ts';
import type { CalendarProvider } from '../calendars/types.ts';

/** A run due while the previous one still runs: drop it, run it afterwards (one at most), or run both. */
export type OverlapPolicy = 'skip' | 'queue' | 'allow';
/** After downtime: forget the runs that were missed, or run once for the latest of them. */
export type MissedPolicy = 'skip' | 'once';

/** One schedule the daemon keeps: usually one app's `run`. */
export interface ScheduledJob {
  /** Stable key (the app name); run history and `status` use it. */
  id: string;
  /** 5 fields (minute first), 6 (seconds first) or a nickname such as `@daily`. */
  cron: string;
  /** IANA zone the cron fields are read in. */
  timezone: string;
  /** Calendars whose closed days skip a run: `weekends`, `holidays:XKRX`. Checked in order. */
  skip: string[];
  overlap: OverlapPolicy;
  missed: MissedPolicy;
}

/** What `resolveSchedule` produces: a job without its id. */
export type JobSchedule = Omit<ScheduledJob, 'id'>;

export interface Occurrence {
  /** The instant the schedule meant (ms, whole seconds), not the moment the timer fired. */
  scheduledAt: number;
  /** `missed`: the one catch-up run after downtime (policy `once`). */
  trigger: 'schedule' | 'missed';
}

/**
 * Why an occurrence did not run: `overlap` (a run was in flight and policy `skip`, or the one queue
 * slot was taken), `closed: <calendar>`, or `cancelled` (it was queued when the job was changed or
 * removed, or the scheduler stopped).
 */
export type SkipReason = 'overlap' | 'cancelled' | `closed: ${string}`;

export interface SkippedOccurrence {
  scheduledAt: number;
  reason: SkipReason;
}

export interface SchedulerOptions {
  clock: Clock;
  /** Usually a `CalendarRegistry`. A provider that throws counts as open (logged): better to run than to vanish. */
  calendars: CalendarProvider;
  log: Logger;
  /**
   * Runs one occurrence and resolves when the run is over; the overlap policy counts a run as in
   * flight until then. A rejection is logged and changes nothing else.
   */
  fire(job: ScheduledJob, occurrence: Occurrence): Promise<void>;
  /** An occurrence that did not run (see `SkipReason`). Errors are logged. */
  skipped?(job: ScheduledJob, occurrence: SkippedOccurrence): Promise<void> | void;
  /**
   * Latest `scheduledAt` this job ran or was skipped for, from run history; drives the missed-run
   * catch-up in `start()`. Only asked for jobs with `missed: 'once'`.
   */
  lastScheduled(jobId: string): Promise<number | undefined>;
}
