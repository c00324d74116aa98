import type { ScheduledJob } from './types.ts';

/**
 * Where schedules live and who fires them. `local` (the `Scheduler`: one in-memory clock timer per
 * job) and, in cluster mode, BullMQ job schedulers implement it; `testing/schedule-backend-cases.ts`
 * is the contract both must pass. What a fire does, and how skips and missed runs are recorded, comes
 * in through `SchedulerOptions` (`fire`, `skipped`, `lastScheduled`), the same for every backend.
 *
 * Contract: each occurrence of a registered job fires once — once per cluster for a shared backend,
 * at or after its instant, with `scheduledAt` the instant the schedule meant — unless a calendar in
 * `skip` closes its day or the overlap policy drops it (then `skipped` is told why).
 */
export interface ScheduleBackend {
  /**
   * Registers the complete set of jobs: new ones are added, changed ones re-armed, missing ones removed.
   * Unchanged jobs keep their next occurrence. An invalid job is logged and left out; the rest still run.
   */
  set(jobs: readonly ScheduledJob[]): void;
  /** Starts firing (after a catch-up run for jobs with `missed: 'once'`). Idempotent. */
  start(): Promise<void>;
  /** Stops firing; runs in flight go on (`idle()` waits for them). */
  stop(): Promise<void>;
  /** The next instant the job fires (ms), for `status`; undefined when not registered or never again. */
  nextRun(id: string): number | undefined;
  /**
   * A calendar's closed days changed (a curated holiday added, edited or removed through the
   * daemon): remembered calendar answers are dropped and next runs recomputed now, rather than
   * after the answers' minute of life.
   */
  calendarsChanged(): void;
  /** Runs of the job this node has in flight. */
  running(id: string): number;
  /** Resolves when no run this backend started is in flight. */
  idle(): Promise<void>;
}
