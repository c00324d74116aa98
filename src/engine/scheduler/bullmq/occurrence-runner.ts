import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../../platform/errors.ts';
import type { ScheduleFireRepo } from '../../../platform/store/cluster-types.ts';
import type { ClosedDays } from '../closed-days.ts';
import type { Occurrence, ScheduledJob, SchedulerOptions, SkipReason } from '../types.ts';
import { occurrencesOf } from './repeat.ts';
import type { RunRegistry } from './run-registry.ts';

/**
 * An occurrence is missed when the one after it was due more than this long before it was
 * processed: BullMQ then never made jobs for the ones in between (it does not back-fill). Being
 * late alone is not enough, so a busy node still runs a slightly late occurrence as `schedule`.
 */
export const MISSED_GRACE = 1000;

export interface OccurrenceRunnerOptions extends SchedulerOptions {
  node: string;
  fires: ScheduleFireRepo;
  registry: RunRegistry;
  closedDays: ClosedDays;
  /** Run tokens in flight on this node, by job id (shared with the backend's `running()`). */
  inFlight: Map<string, Set<string>>;
  /** The job's current definition on this node; for a queued run that starts later. */
  lookup(id: string): ScheduledJob | undefined;
  /** Registers background work the backend's idle() waits for. */
  track(task: Promise<unknown>): void;
}

/**
 * What a node does with an occurrence BullMQ handed it, or one the catch-up found: claim it for the
 * cluster, check calendars and the missed policy, apply the overlap policy cluster-wide, run it.
 */
export class OccurrenceRunner {
  private readonly options: OccurrenceRunnerOptions;
  private readonly runs = new Set<Promise<void>>();
  private stopped = false;

  constructor(options: OccurrenceRunnerOptions) {
    this.options = options;
  }

  /** No queued occurrence is started from now on; runs in flight go on. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves when no run started here is in flight. */
  async settled(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs]);
  }

  /** Resolves when the occurrence's run (if any) is over. Never rejects. */
  async handle(job: ScheduledJob, scheduledAt: number): Promise<void> {
    const { clock, fires, node, closedDays } = this.options;
    try {
      const occurrences = occurrencesOf(job.cron, job.timezone);
      const now = clock.now();
      const next = occurrences.next(scheduledAt);
      if (next !== undefined && next + MISSED_GRACE <= now) return await this.missed(job, scheduledAt, now);
      if (!(await fires.claim(job.id, scheduledAt, node))) return;
      if (job.skip.length > 0) {
        const closedBy = await closedDays.closedBy(job.skip, occurrences.zone.localDate(scheduledAt));
        if (closedBy !== null) return this.reportSkipped(job, scheduledAt, `closed: ${closedBy}`);
      }
      await await this.admit(job, { scheduledAt, trigger: 'schedule' });
    } catch (err) {
      const at = new Date(scheduledAt).toISOString();
      this.options.log.error(
        { job: job.id, scheduledAt: at, err: errorMessage(err) },
        'handling an occurrence failed',
      );
    }
  }

  /**
   * For jobs with `missed: 'once'` and history: runs the latest open occurrence in
   * (lastScheduled, now] once in the cluster (the claim decides). Resolves once admitted.
   */
  async catchUp(jobs: readonly ScheduledJob[]): Promise<void> {
    const now = this.options.clock.now();
    await Promise.all(jobs.filter((job) => job.missed === 'once').map((job) => this.catchUpOne(job, now)));
  }

  /** Keeps this node's runs counted in the cluster, and starts queued runs nobody started (dead node). */
  async refresh(jobs: readonly ScheduledJob[]): Promise<void> {
    const { registry, inFlight, log } = this.options;
    for (const job of jobs) {
      try {
        const tokens = inFlight.get(job.id);
        if (tokens && tokens.size > 0) await registry.refresh(job.id, [...tokens]);
        if (job.overlap !== 'queue' || this.stopped) continue;
        const token = this.token();
        const queued = await registry.finish(job.id, '', token);
        if (queued) this.startRun(job, queued, token);
      } catch (err) {
        log.warn({ job: job.id, err: errorMessage(err) }, 'refreshing runs in flight failed');
      }
    }
  }

  /** Drops the occurrence queued for a job that changed or went away (the first node to ask reports it). */
  async cancelQueued(job: ScheduledJob): Promise<void> {
    try {
      const queued = await this.options.registry.cancelQueued(job.id);
      if (queued) this.reportSkipped(job, queued.scheduledAt, 'cancelled');
    } catch (err) {
      this.options.log.warn({ job: job.id, err: errorMessage(err) }, 'cancelling a queued run failed');
    }
  }

  private async catchUpOne(job: ScheduledJob, now: number): Promise<void> {
    const { lastScheduled, closedDays, fires, node, log } = this.options;
    try {
      const last = await lastScheduled(job.id);
      if (last === undefined) return;
      const latest = await closedDays.latestOpen(occurrencesOf(job.cron, job.timezone), job.skip, last, now);
      if (latest === undefined || !(await fires.claim(job.id, latest, node))) return;
      await this.admit(job, { scheduledAt: latest, trigger: 'missed' });
    } catch (err) {
      log.error({ job: job.id, err: errorMessage(err) }, 'missed-run catch-up failed');
    }
  }

  /** Policy `skip` drops it; `once` runs the latest open occurrence due, unless one in the window already ran. */
  private async missed(job: ScheduledJob, scheduledAt: number, now: number): Promise<void> {
    const { closedDays, fires, node, log } = this.options;
    const at = new Date(scheduledAt).toISOString();
    if (job.missed === 'skip') {
      log.warn({ job: job.id, scheduledAt: at }, 'occurrence missed (no node ran it in time); dropped');
      return;
    }
    const latest = await closedDays.latestOpen(
      occurrencesOf(job.cron, job.timezone),
      job.skip,
      scheduledAt - 1,
      now,
    );
    if (latest === undefined) return;
    // A node's start() catch-up may already have run one for this window: once is once.
    const fired = await fires.list(job.id, scheduledAt);
    if (fired.some((f) => f.scheduledAt >= scheduledAt)) return;
    if (!(await fires.claim(job.id, latest, node))) return;
    log.warn(
      { job: job.id, scheduledAt: at, running: new Date(latest).toISOString() },
      'occurrences missed; running the latest once',
    );
    await await this.admit(job, { scheduledAt: latest, trigger: 'missed' });
  }

  /**
   * Applies the overlap policy cluster-wide; returns the run when one started, wrapped (a promise
   * an async function returns would be awaited with it, and catch-up must not wait for the run).
   */
  private async admit(
    job: ScheduledJob,
    occurrence: Occurrence,
  ): Promise<{ run: Promise<void> } | undefined> {
    const token = this.token();
    const admission = await this.options.registry.admit(job.id, job.overlap, token, occurrence);
    if (admission.verdict === 'skip') this.reportSkipped(job, occurrence.scheduledAt, 'overlap');
    return admission.verdict === 'run' ? { run: this.startRun(job, admission.occurrence, token) } : undefined;
  }

  private startRun(job: ScheduledJob, occurrence: Occurrence, token: string): Promise<void> {
    this.tokens(job.id).add(token);
    const run = this.runChain(job, occurrence, token);
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    this.options.track(run);
    return run;
  }

  /** Runs the occurrence, then the one queued behind it (policy `queue`) while there is one. */
  private async runChain(job: ScheduledJob, occurrence: Occurrence, token: string): Promise<void> {
    const tokens = this.tokens(job.id);
    let current: Occurrence | undefined = occurrence;
    let currentJob = job;
    let currentToken = token;
    while (current) {
      await this.fire(currentJob, current);
      const next = this.stopped ? undefined : this.token();
      if (next) tokens.add(next);
      try {
        current = await this.options.registry.finish(job.id, currentToken, next);
      } catch (err) {
        // The entry expires on its own (RUN_TTL); the queued run, if any, waits for a refresh.
        this.options.log.warn({ job: job.id, err: errorMessage(err) }, 'ending a run in the registry failed');
        current = undefined;
      }
      tokens.delete(currentToken);
      if (!current && next) tokens.delete(next);
      currentToken = next ?? '';
      currentJob = this.options.lookup(job.id) ?? currentJob;
    }
    if (tokens.size === 0) this.options.inFlight.delete(job.id);
  }

  private async fire(job: ScheduledJob, occurrence: Occurrence): Promise<void> {
    try {
      await this.options.fire(job, occurrence);
    } catch (err) {
      const scheduledAt = new Date(occurrence.scheduledAt).toISOString();
      this.options.log.error({ job: job.id, scheduledAt, err: errorMessage(err) }, 'scheduled run failed');
    }
  }

  private tokens(id: string): Set<string> {
    let tokens = this.options.inFlight.get(id);
    if (!tokens) {
      tokens = new Set();
      this.options.inFlight.set(id, tokens);
    }
    return tokens;
  }

  private token(): string {
    return `${this.options.node}:${randomUUID()}`;
  }

  private reportSkipped(job: ScheduledJob, scheduledAt: number, reason: SkipReason): void {
    const { log, skipped } = this.options;
    log.debug({ job: job.id, scheduledAt: new Date(scheduledAt).toISOString(), reason }, 'run skipped');
    if (!skipped) return;
    const onError = (err: unknown) =>
      log.error({ job: job.id, err: errorMessage(err) }, 'recording a skipped run failed');
    try {
      const result = skipped(job, { scheduledAt, reason });
      if (result) result.catch(onError);
    } catch (err) {
      onError(err);
    }
  }
}
