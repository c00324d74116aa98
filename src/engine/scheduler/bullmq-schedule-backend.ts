import { type ConnectionOptions, DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import { REDIS_PREFIX, redisOptions } from '../../platform/redis/connection.ts';
import type { ScheduleFireRepo } from '../../platform/store/cluster-types.ts';
import { HandOn } from './bullmq/hand-on.ts';
import { OccurrenceRunner } from './bullmq/occurrence-runner.ts';
import { occurrencesOf, occurrencesStrategy, scheduledAtOf } from './bullmq/repeat.ts';
import { RunRegistry } from './bullmq/run-registry.ts';
import { syncSchedulers } from './bullmq/sync-schedulers.ts';
import { ClosedDays } from './closed-days.ts';
import type { Occurrences } from './occurrences.ts';
import type { ScheduleBackend } from './schedule-backend.ts';
import type { ScheduledJob, SchedulerOptions } from './types.ts';

/** The one BullMQ queue every node's job schedulers live in. */
export const SCHEDULES_QUEUE = 'schedules';
/** A run's entry in the cluster-wide in-flight set lives this long past its node's last refresh. */
const RUN_TTL = 30_000;
/** A node that cannot run an occurrence puts it back this long for another node to take. */
const HAND_ON_DELAY = 100;
const RUN_REFRESH = 10_000;

export interface BullScheduleBackendOptions extends SchedulerOptions {
  /** `redis://…` URL (connections are opened on start() and closed on stop()), or a client to share. */
  redis: string | Redis;
  /** Key prefix of every Redis key written. Default `REDIS_PREFIX` (`opsbot`). */
  prefix?: string;
  /** This node's id: who claimed an occurrence, and part of every run token. */
  node: string;
  /** Compare-and-set deciding which node runs an occurrence: once per cluster. */
  fires: ScheduleFireRepo;
  /** Runs in flight per node (BullMQ worker concurrency). Default 50. */
  concurrency?: number;
  /** How often the schedulers are checked and re-created when Redis lost them (ms). Default 30 000. */
  resyncInterval?: number;
  /**
   * Whether this node can run the job now (its app is up here, not in standby or stopped). An
   * occurrence it cannot run is handed on to another node instead of being dropped. Default: always.
   */
  canFire?(id: string): boolean;
  /**
   * Whether the job belongs to the configuration at all, whatever its state on this node: only a
   * scheduler of a job no longer owned is removed by this node, so nodes whose apps are in
   * different states (one up, one in standby) never remove each other's schedulers, and an occurrence
   * of an owned job this node lacks is handed on. Default: owned when in this node's last set().
   */
  owned?(id: string): boolean;
  /**
   * The node running the job's app now (a singleton app's lease holder): an occurrence this node
   * cannot run goes straight to that node's own queue. Without it, or with no runner known, the
   * occurrence goes back to the shared queue for another node.
   */
  runnerOf?(id: string): Promise<string | undefined>;
  /**
   * BullMQ lock on an occurrence being processed (ms), renewed while it runs. A killed node's lock
   * lapses after this; the stalled check, every half of it, hands the occurrence to another node:
   * within 1.5× in all (15 s by default). Default 10 000.
   */
  lockDuration?: number;
}

interface JobState {
  job: ScheduledJob;
  occurrences: Occurrences;
}

interface Connections {
  queue: Queue;
  worker: Worker | undefined;
  redis: Redis;
  ownsRedis: boolean;
  runner: OccurrenceRunner;
  handOn: HandOn | undefined;
  timers: NodeJS.Timeout[];
  /** Removes the listeners put on the Redis client (it may be shared and outlive us). */
  listeners: Array<() => void>;
}

/**
 * The cluster ScheduleBackend: each job is a BullMQ job scheduler in one queue, every node runs a
 * worker on it, and `fires.claim` decides the node that runs an occurrence (so a stalled job
 * handed out again never runs twice). Calendars, overlap (cluster-wide, see RunRegistry) and the
 * missed policy are applied by `OccurrenceRunner` on the node that claimed.
 *
 * `set()` is synchronous; the Redis work runs in a serialized chain that `start()` and `synced()`
 * await. Schedulers are re-created when Redis comes back empty: on the client's `ready` after a
 * reconnect, and every `resyncInterval`. Every node should be given the same jobs: a sync removes
 * schedulers its node does not have, and an occurrence handed to a node that lacks the job is dropped.
 *
 * Bounds: a killed node's taken-but-unfired occurrence goes to another node within 1.5 ×
 * `lockDuration` (15 s); its runs in flight stop counting for overlap within RUN_TTL (30 s) of its
 * last refresh; an occurrence processed after the next one was due by MISSED_GRACE (1 s) is
 * missed (policy `skip` drops it, `once` runs the latest due one). If `fires.claim` fails (store
 * down) the occurrence is logged and dropped: it cannot be run without risking a double.
 */
export class BullScheduleBackend implements ScheduleBackend {
  private readonly options: BullScheduleBackendOptions;
  private readonly log: Logger;
  private readonly prefix: string;
  private readonly closedDays: ClosedDays;
  private readonly jobs = new Map<string, JobState>();
  /** Every definition this node had, so a cancelled queued run of a removed job can still be reported. */
  private readonly known = new Map<string, ScheduledJob>();
  private readonly inFlight = new Map<string, Set<string>>();
  /** Background work idle() waits for: processors, runs, catch-ups, closing connections. */
  private readonly tasks = new Set<Promise<unknown>>();
  private chain: Promise<void> = Promise.resolve();
  private connections: Connections | undefined;
  private starting: Promise<void> | undefined;
  private configured = false;

  constructor(options: BullScheduleBackendOptions) {
    this.options = options;
    this.log = options.log;
    this.prefix = options.prefix ?? REDIS_PREFIX;
    this.closedDays = new ClosedDays({
      calendars: options.calendars,
      clock: options.clock,
      log: options.log,
    });
  }

  set(jobs: readonly ScheduledJob[]): void {
    this.configured = true;
    const seen = new Set<string>();
    for (const job of jobs) {
      if (seen.has(job.id)) this.log.warn({ job: job.id }, 'duplicate job id; the last definition wins');
      seen.add(job.id);
      try {
        const copy = { ...job, skip: [...job.skip] };
        this.jobs.set(job.id, { job: copy, occurrences: occurrencesOf(job.cron, job.timezone) });
        this.known.set(job.id, copy);
      } catch (err) {
        this.jobs.delete(job.id);
        this.log.error({ job: job.id, err: errorMessage(err) }, 'invalid schedule; job not scheduled');
      }
    }
    for (const id of this.jobs.keys()) if (!seen.has(id)) this.jobs.delete(id);
    if (this.connections) void this.sync();
  }

  start(): Promise<void> {
    if (!this.starting) this.starting = this.begin();
    return this.starting;
  }

  /** Resolves when the Redis work of every set() so far is done (tests, start()). */
  synced(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    const connections = this.connections;
    this.connections = undefined;
    this.starting = undefined;
    if (!connections) return;
    for (const timer of connections.timers) clearInterval(timer);
    connections.runner.stop();
    // Closing the worker waits for the occurrences it is processing; idle() waits for that.
    this.track(this.close(connections));
  }

  nextRun(id: string): number | undefined {
    const state = this.jobs.get(id);
    if (!state || !this.connections) return undefined;
    const { occurrences, job } = state;
    let next = occurrences.next(this.options.clock.now());
    // Pass over days the calendars are already known to close; unknown days count as open.
    for (let day = 0; next !== undefined && job.skip.length > 0 && day < 370; day++) {
      if (!this.closedDays.peek(job.skip, occurrences.zone.localDate(next))) break;
      next = occurrences.next(occurrences.zone.startOfNextDay(next) - 1);
    }
    return next;
  }

  calendarsChanged(): void {
    this.closedDays.forget();
    // nextRun() reads remembered answers only: ask the calendars again about the days ahead.
    const now = this.options.clock.now();
    for (const { job, occurrences } of this.jobs.values()) {
      const next = occurrences.next(now);
      if (job.skip.length > 0 && next !== undefined)
        void this.closedDays.firstOpen(occurrences, job.skip, next);
    }
  }

  running(id: string): number {
    return this.inFlight.get(id)?.size ?? 0;
  }

  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  private async begin(): Promise<void> {
    const connections = this.open();
    this.connections = connections;
    await this.sync();
    if (this.connections !== connections) return;
    await connections.runner.catchUp(this.jobList());
    if (this.connections !== connections) return;
    connections.handOn?.start();
    connections.worker = this.createWorker(connections);
  }

  private handOnFor(runner: OccurrenceRunner): HandOn | undefined {
    const { runnerOf, canFire } = this.options;
    if (!runnerOf) return undefined;
    return new HandOn({
      connection: this.connection(),
      prefix: this.prefix,
      node: this.options.node,
      runnerOf,
      canRun: (id) => this.jobs.has(id) && canFire?.(id) !== false,
      run: async (id, scheduledAt) => {
        const state = this.jobs.get(id);
        if (!state) return;
        const task = runner.handle(state.job, scheduledAt);
        this.track(task);
        await task;
      },
      log: this.log,
    });
  }

  private open(): Connections {
    const given = typeof this.options.redis === 'string' ? undefined : this.options.redis;
    // Our own client fails commands after a short outage (unlike BullMQ's, which must wait), so a
    // run's end is never stuck on Redis; its registry entry then expires by itself.
    const redis =
      given ??
      new Redis({
        ...redisOptions(this.options.redis as string),
        maxRetriesPerRequest: 2,
        connectionName: `${this.prefix}:schedules:${this.options.node}`,
      });
    const queue = new Queue(SCHEDULES_QUEUE, {
      connection: this.connection(),
      prefix: this.prefix,
      settings: { repeatStrategy: occurrencesStrategy },
    });
    queue.on('error', (err) => this.log.warn({ err: errorMessage(err) }, 'schedule queue error'));
    const runner = new OccurrenceRunner({
      ...this.options,
      registry: new RunRegistry(redis, this.prefix, RUN_TTL),
      closedDays: this.closedDays,
      inFlight: this.inFlight,
      lookup: (id) => this.jobs.get(id)?.job,
      track: (task) => this.track(task),
    });
    const connections: Connections = {
      queue,
      worker: undefined,
      redis,
      ownsRedis: !given,
      runner,
      handOn: this.handOnFor(runner),
      timers: [],
      listeners: [],
    };
    this.listen(connections);
    connections.timers.push(
      setInterval(() => void this.sync(), this.options.resyncInterval ?? 30_000).unref(),
      setInterval(() => this.track(runner.refresh(this.jobList())), RUN_REFRESH).unref(),
    );
    return connections;
  }

  /** Redis restarted without persistence loses every scheduler: put them back once it is reachable. */
  private listen(connections: Connections): void {
    const { redis } = connections;
    let connectedOnce = redis.status === 'ready';
    const onReady = () => {
      if (connectedOnce && this.connections === connections) void this.sync();
      connectedOnce = true;
    };
    const onError = (err: unknown) => this.log.warn({ err: errorMessage(err) }, 'schedule redis error');
    redis.on('ready', onReady);
    redis.on('error', onError);
    connections.listeners.push(() => redis.off('ready', onReady).off('error', onError));
  }

  private createWorker(connections: Connections): Worker {
    const worker: Worker = new Worker(SCHEDULES_QUEUE, (job, token) => this.process(worker, job, token), {
      connection: this.connection(),
      prefix: this.prefix,
      concurrency: this.options.concurrency ?? 50,
      lockDuration: this.options.lockDuration ?? 10_000,
      stalledInterval: (this.options.lockDuration ?? 10_000) / 2,
      maxStalledCount: 2,
      settings: { repeatStrategy: occurrencesStrategy },
    });
    worker.on('error', (err) => this.log.warn({ err: errorMessage(err) }, 'schedule worker error'));
    connections.worker = worker;
    return worker;
  }

  /**
   * One occurrence handed to this node. Failures of the run are logged, never thrown, so BullMQ
   * never retries an occurrence; the only throw hands a job taken while stopping back to the queue.
   */
  private async process(worker: Worker, job: Job, token: string | undefined): Promise<void> {
    if (this.connections?.worker !== worker) {
      // Taken while this node stopped: give it back at once for another node rather than lose it.
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    const state = this.jobs.get(job.name);
    if (!state || this.options.canFire?.(job.name) === false) {
      if (!(this.options.owned?.(job.name) ?? state !== undefined)) {
        this.log.debug({ job: job.name }, 'occurrence of a job this node does not have; ignored');
        return;
      }
      // Not runnable here (a singleton app on standby, an app stopped on this node): to the node
      // running it, else back to the shared queue for another node.
      if (await this.connections.handOn?.pass(job.name, scheduledAtOf(job))) return;
      await job.moveToDelayed(Date.now() + HAND_ON_DELAY, token);
      throw new DelayedError();
    }
    const task = this.connections.runner.handle(state.job, scheduledAtOf(job));
    this.track(task);
    await task;
  }

  private sync(): Promise<void> {
    const connections = this.connections;
    if (!connections || !this.configured) return this.chain;
    const wanted = new Map([...this.jobs.values()].map((s) => [s.job.id, s.job]));
    this.chain = this.chain
      .then(async () => {
        const touched = await syncSchedulers(connections.queue, wanted, this.log, this.options.owned);
        const known = touched
          .map((id) => this.known.get(id) ?? this.jobs.get(id)?.job)
          .filter((j) => j !== undefined);
        await Promise.all(known.map((job) => connections.runner.cancelQueued(job)));
      })
      .catch((err) => this.log.error({ err: errorMessage(err) }, 'syncing job schedulers failed'));
    return this.chain;
  }

  private async close(connections: Connections): Promise<void> {
    try {
      await connections.worker?.close();
      await connections.handOn?.close();
      await this.chain;
      await connections.runner.settled();
      await connections.queue.close();
      for (const remove of connections.listeners) remove();
      if (connections.ownsRedis) await connections.redis.quit();
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, 'closing schedule connections failed');
    }
  }

  /** BullMQ opens its own connections from options, or shares the given client (ioredis 6 types differ from its own). */
  private connection(): ConnectionOptions {
    const { redis } = this.options;
    return (typeof redis === 'string' ? redisOptions(redis) : redis) as ConnectionOptions;
  }

  private jobList(): ScheduledJob[] {
    return [...this.jobs.values()].map((state) => state.job);
  }

  private track(task: Promise<unknown>): void {
    const tracked = task.catch(() => {}).finally(() => this.tasks.delete(tracked));
    this.tasks.add(tracked);
  }
}
