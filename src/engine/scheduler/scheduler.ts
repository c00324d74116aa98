import type { Clock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import { ClosedDays } from './closed-days.ts';
import { Occurrences } from './occurrences.ts';
import type { ScheduleBackend } from './schedule-backend.ts';
import type { Occurrence, ScheduledJob, SchedulerOptions, SkipReason } from './types.ts';

/** Node timers can run up to a millisecond early as measured by Date.now(). */
const EARLY_TOLERANCE = 1;
/** Occurrences are at least a second apart, so a timer less late than this cannot have passed one. */
const MIN_SPACING = 1000;
/** Bounds the walk over occurrences passed while the process was stalled (suspend, blocked loop). */
const MAX_CATCH_UP = 10_000;

interface JobState {
  job: ScheduledJob;
  occurrences: Occurrences;
  /** The occurrence the timer is armed for; undefined when not armed. */
  nextAt: number | undefined;
  cancelTimer: (() => void) | undefined;
  /** Policy `queue`: the one occurrence waiting for the current run to end. */
  queued: Occurrence | undefined;
  /** Jobs with `skip`: the first occurrence at or after `openFrom` that is not on a closed day. */
  nextOpen: number | undefined;
  openFrom: number | undefined;
  refreshing: boolean;
}

/**
 * The local ScheduleBackend. Fires jobs on their cron schedules: one `clock` timer per job, re-armed after each fire from the
 * scheduled instant (never from "now + interval", so nothing drifts). Croner does the date math
 * (see `Occurrences` for DST behaviour); calendars, overlap and missed-run policies live here.
 *
 * Lifecycle: `set(jobs)` any time, `start()` once ready (catches up missed runs, arms timers),
 * `stop()` to cancel timers. In-flight runs belong to whoever `fire` started; the scheduler only
 * counts them, and `idle()` waits for them.
 */
export class Scheduler implements ScheduleBackend {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly options: SchedulerOptions;
  private readonly closedDays: ClosedDays;
  private readonly jobs = new Map<string, JobState>();
  /** By job id rather than on the state, so a changed or re-added job still sees its runs in flight. */
  private readonly inFlight = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];
  private started = false;
  private starting: Promise<void> | undefined;
  /** Bumped by start() and stop(), so a start() resuming after a stop()/start() pair does nothing. */
  private epoch = 0;
  /** Bumped by calendarsChanged(), so a next-open search begun before the change is not kept. */
  private calendarEpoch = 0;

  constructor(options: SchedulerOptions) {
    this.options = options;
    this.clock = options.clock;
    this.log = options.log;
    this.closedDays = new ClosedDays({
      calendars: options.calendars,
      clock: options.clock,
      log: options.log,
    });
  }

  /**
   * Replaces the set of jobs: adds new ones, re-arms changed ones (any field), removes missing ones
   * (cancelling their timers; their in-flight runs are left alone). Unchanged jobs keep their timers
   * and queue. An invalid cron or timezone is logged and that job left out; the others still run.
   */
  set(jobs: readonly ScheduledJob[]): void {
    const wanted = new Map<string, ScheduledJob>();
    for (const job of jobs) {
      if (wanted.has(job.id)) this.log.warn({ job: job.id }, 'duplicate job id; the last definition wins');
      wanted.set(job.id, job);
    }
    for (const [id, state] of this.jobs) {
      if (wanted.has(id)) continue;
      this.disarm(state);
      this.jobs.delete(id);
    }
    for (const job of wanted.values()) {
      const current = this.jobs.get(job.id);
      if (current && sameJob(current.job, job)) continue;
      if (current) {
        this.disarm(current);
        this.jobs.delete(job.id);
      }
      const state = this.create(job, current);
      if (!state) continue;
      this.jobs.set(job.id, state);
      if (this.started) this.arm(state, state.occurrences.next(this.clock.now()));
    }
  }

  /**
   * Starts firing. First, for jobs with `missed: 'once'` and run history, runs once for the latest
   * occurrence missed since `lastScheduled` (trigger `missed`; closed days are passed over); jobs
   * without history never catch up. Then arms every job's timer.
   */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.starting = this.begin(++this.epoch);
    }
    return this.starting ?? Promise.resolve();
  }

  private async begin(epoch: number): Promise<void> {
    const now = this.clock.now();
    const states = [...this.jobs.values()];
    const missed = await Promise.all(states.map((state) => this.latestMissed(state, now)));
    if (epoch !== this.epoch) return;
    states.forEach((state, i) => {
      if (this.jobs.get(state.job.id) !== state) return;
      const scheduledAt = missed[i];
      if (scheduledAt !== undefined) this.admit(state, { scheduledAt, trigger: 'missed' });
      // From the instant start() began, so an occurrence due during the history lookups still fires.
      this.arm(state, state.occurrences.next(now));
    });
  }

  /** Cancels all timers and queued occurrences. Runs in flight go on; `idle()` waits for them. */
  async stop(): Promise<void> {
    this.started = false;
    this.epoch++;
    for (const state of this.jobs.values()) this.disarm(state);
  }

  /** Resolves when no run started by this scheduler is in flight. */
  idle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The next instant the job will fire (ms), for `status`; undefined when unknown, not armed or
   * never again. For jobs with `skip`, closed days are passed over once the calendars have been
   * asked (shortly after each re-arm, at most ~370 occurrences ahead); until then, and when nothing
   * open lies within reach, it is the next occurrence itself.
   */
  nextRun(id: string): number | undefined {
    const state = this.jobs.get(id);
    if (!state || state.nextAt === undefined) return undefined;
    return state.openFrom === state.nextAt && state.nextOpen !== undefined ? state.nextOpen : state.nextAt;
  }

  calendarsChanged(): void {
    this.calendarEpoch++;
    this.closedDays.forget();
    for (const state of this.jobs.values()) {
      state.nextOpen = undefined;
      state.openFrom = undefined;
      if (this.isCurrent(state) && state.nextAt !== undefined && state.job.skip.length > 0)
        void this.refreshNextOpen(state);
    }
  }

  /** How many runs of the job are in flight. */
  running(id: string): number {
    return this.inFlight.get(id) ?? 0;
  }

  private create(job: ScheduledJob, previous: JobState | undefined): JobState | undefined {
    let occurrences: Occurrences;
    try {
      const reusable = previous && previous.job.cron === job.cron && previous.job.timezone === job.timezone;
      occurrences = reusable ? previous.occurrences : new Occurrences(job.cron, job.timezone);
    } catch (err) {
      this.log.error({ job: job.id, err: errorMessage(err) }, 'invalid schedule; job not scheduled');
      return undefined;
    }
    return {
      job: { ...job, skip: [...job.skip] },
      occurrences,
      nextAt: undefined,
      cancelTimer: undefined,
      queued: undefined,
      nextOpen: undefined,
      openFrom: undefined,
      refreshing: false,
    };
  }

  private isCurrent(state: JobState): boolean {
    return this.started && this.jobs.get(state.job.id) === state;
  }

  private arm(state: JobState, at: number | undefined): void {
    state.cancelTimer?.();
    state.cancelTimer = undefined;
    state.nextAt = at;
    if (at === undefined) {
      this.log.info({ job: state.job.id }, 'schedule has no further occurrences');
      return;
    }
    state.cancelTimer = this.clock.setTimer(() => this.onTimer(state), at - this.clock.now());
    if (state.job.skip.length > 0) void this.refreshNextOpen(state);
  }

  private disarm(state: JobState): void {
    state.cancelTimer?.();
    state.cancelTimer = undefined;
    state.nextAt = undefined;
    const queued = state.queued;
    state.queued = undefined;
    if (queued) this.reportSkipped(state.job, queued.scheduledAt, 'cancelled');
  }

  private onTimer(state: JobState): void {
    state.cancelTimer = undefined;
    const due = state.nextAt;
    if (due === undefined || !this.isCurrent(state)) return;
    const now = this.clock.now();
    if (now < due - EARLY_TOLERANCE) {
      this.arm(state, due);
      return;
    }
    if (now < due + MIN_SPACING) {
      // The common case. Fire before computing the next occurrence, so that work adds no lateness.
      this.dispatch(state, { scheduledAt: due, trigger: 'schedule' });
      if (this.isCurrent(state) && !state.cancelTimer) this.arm(state, state.occurrences.next(due));
      return;
    }
    // Late by more than one spacing (suspended machine, blocked event loop): run the latest
    // occurrence that is due, once, rather than a burst of stale ones.
    let latest = due;
    let next = state.occurrences.next(due);
    let passed = 0;
    for (; next !== undefined && next <= now && passed < MAX_CATCH_UP; passed++) {
      latest = next;
      next = state.occurrences.next(next);
    }
    if (next !== undefined && next <= now) {
      latest = state.occurrences.previous(now) ?? latest;
      next = state.occurrences.next(now);
    }
    if (passed > 0) {
      this.log.warn(
        { job: state.job.id, passed, running: new Date(latest).toISOString() },
        'timer fired late; running only the latest due occurrence',
      );
    }
    this.dispatch(state, { scheduledAt: latest, trigger: 'schedule' });
    if (this.isCurrent(state) && !state.cancelTimer) this.arm(state, next);
  }

  /** Checks the job's calendars (synchronously when the answer is remembered), then admits. */
  private dispatch(state: JobState, occurrence: Occurrence): void {
    const { job } = state;
    if (job.skip.length === 0) {
      this.admit(state, occurrence);
      return;
    }
    const date = state.occurrences.zone.localDate(occurrence.scheduledAt);
    const known = this.closedDays.peek(job.skip, date);
    if (known !== undefined) {
      this.admitIfOpen(state, occurrence, known);
      return;
    }
    void this.closedDays.closedBy(job.skip, date).then((closedBy) => {
      // A job changed or removed while its calendars were asked: the occurrence goes with it.
      if (this.isCurrent(state)) this.admitIfOpen(state, occurrence, closedBy);
    });
  }

  private admitIfOpen(state: JobState, occurrence: Occurrence, closedBy: string | null): void {
    if (closedBy === null) this.admit(state, occurrence);
    else this.reportSkipped(state.job, occurrence.scheduledAt, `closed: ${closedBy}`);
  }

  /** Applies the overlap policy. */
  private admit(state: JobState, occurrence: Occurrence): void {
    const { job } = state;
    const busy = this.running(job.id) > 0 && job.overlap !== 'allow';
    if (!busy) this.run(job, occurrence);
    else if (job.overlap === 'queue' && !state.queued) state.queued = occurrence;
    else this.reportSkipped(job, occurrence.scheduledAt, 'overlap');
  }

  private run(job: ScheduledJob, occurrence: Occurrence): void {
    this.inFlight.set(job.id, this.running(job.id) + 1);
    let result: Promise<void>;
    try {
      result = Promise.resolve(this.options.fire(job, occurrence));
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      () => this.finished(job.id),
      (err: unknown) => {
        const scheduledAt = new Date(occurrence.scheduledAt).toISOString();
        this.log.error({ job: job.id, scheduledAt, err: errorMessage(err) }, 'scheduled run failed');
        this.finished(job.id);
      },
    );
  }

  private finished(id: string): void {
    const left = this.running(id) - 1;
    if (left > 0) this.inFlight.set(id, left);
    else this.inFlight.delete(id);
    const state = this.jobs.get(id);
    if (left <= 0 && state?.queued && this.started) {
      const queued = state.queued;
      state.queued = undefined;
      this.run(state.job, queued);
    }
    if (this.inFlight.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private reportSkipped(job: ScheduledJob, scheduledAt: number, reason: SkipReason): void {
    this.log.debug({ job: job.id, scheduledAt: new Date(scheduledAt).toISOString(), reason }, 'run skipped');
    const skipped = this.options.skipped;
    if (!skipped) return;
    const onError = (err: unknown) =>
      this.log.error({ job: job.id, err: errorMessage(err) }, 'recording a skipped run failed');
    try {
      const result = skipped(job, { scheduledAt, reason });
      if (result) result.catch(onError);
    } catch (err) {
      onError(err);
    }
  }

  /** The latest occurrence in (lastScheduled, now] that is not on a closed day, for `missed: 'once'`. */
  private async latestMissed(state: JobState, now: number): Promise<number | undefined> {
    const { job, occurrences } = state;
    if (job.missed !== 'once') return undefined;
    let last: number | undefined;
    try {
      last = await this.options.lastScheduled(job.id);
    } catch (err) {
      this.log.error({ job: job.id, err: errorMessage(err) }, 'reading run history failed; no catch-up run');
      return undefined;
    }
    if (last === undefined) return undefined;
    return this.closedDays.latestOpen(occurrences, job.skip, last, now);
  }

  /** Keeps `nextOpen` current for nextRun(); runs after arming, never before a fire. */
  private async refreshNextOpen(state: JobState): Promise<void> {
    if (state.refreshing) return;
    state.refreshing = true;
    try {
      while (this.isCurrent(state) && state.nextAt !== undefined && state.openFrom !== state.nextAt) {
        const from = state.nextAt;
        const calendars = this.calendarEpoch;
        const { nextOpen, openFrom } = state;
        // Occurrences between the old start and the open one were closed, so they still are.
        const stillValid =
          nextOpen !== undefined && openFrom !== undefined && openFrom < from && nextOpen >= from;
        const today = this.closedDays.peek(state.job.skip, state.occurrences.zone.localDate(from));
        const open = stillValid
          ? nextOpen
          : today === null
            ? from
            : await this.closedDays.firstOpen(state.occurrences, state.job.skip, from);
        if (state.nextAt !== from || this.calendarEpoch !== calendars) continue;
        state.nextOpen = open ?? from;
        state.openFrom = from;
      }
    } catch (err) {
      this.log.error({ job: state.job.id, err: errorMessage(err) }, 'computing the next open run failed');
    } finally {
      state.refreshing = false;
    }
  }
}

function sameJob(a: ScheduledJob, b: ScheduledJob): boolean {
  return (
    a.cron === b.cron &&
    a.timezone === b.timezone &&
    a.overlap === b.overlap &&
    a.missed === b.missed &&
    a.skip.length === b.skip.length &&
    a.skip.every((calendar, i) => calendar === b.skip[i])
  );
}
