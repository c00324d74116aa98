import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Clock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import { REDIS_PREFIX, redisOptions } from '../../platform/redis/connection.ts';
import type {
  AppStateChanges,
  NewOutboxItem,
  OutboxItem,
  OutboxRepo,
  OutboxStatus,
} from '../../platform/store/types.ts';
import { RedisHealth } from './bullmq/redis-health.ts';
import { type Ticket, type TicketData, TicketLane } from './bullmq/ticket-lane.ts';
import type { ClaimedItem, DeliveryQueue } from './delivery-queue.ts';

export interface BullDeliveryQueueOptions {
  /** The outbox table in Postgres: the record of every message, its status, attempts and claim lease. */
  outbox: OutboxRepo;
  clock: Clock;
  /** Ms a claim holds before the item is handed out again. Default 30000 (config `delivery.lease`). */
  lease?: number;
  /** A redis:// URL (the queue opens and closes its own client) or a shared ioredis client (left open). */
  redis: string | Redis;
  /** Prefix of every Redis key. Default REDIS_PREFIX. */
  prefix?: string;
  /** Sends per minute per connection, enforced across the cluster; a connection not here is unlimited. */
  rateLimits: Map<string, number>;
  /** Connections whose queues open at once (others open on first use); reconcile() covers all of them. */
  connections: string[];
  /** Least ms between two reconciles of one connection run from claim(). Default 1000. */
  reconcileEvery?: number;
  /** Most rows one reconcile re-tickets (oldest due first). Default 1000. */
  reconcileBatch?: number;
  /** Longest wait for one Redis call before claim() gives up on Redis for now. Default 2000 ms. */
  redisTimeout?: number;
  log: Logger;
}

type ConnectionTicket = Ticket & { connection: string };

/**
 * The cluster-mode queue. The Postgres outbox table stays the truth (every message, its status,
 * attempts and lease); Redis carries send tickets, one BullMQ queue per connection (`out-<name>`),
 * whose limiter spaces the tickets handed out over the whole cluster (see clusterLimiter). A ticket
 * only says "try this row": the row is claimed in Postgres with a conditional UPDATE, so a stale or
 * duplicate ticket is dropped and never causes a send, and a lost ticket (Redis restarted empty, a
 * node killed mid-claim, `opsbot outbox retry`) is re-added by the reconciler from the table.
 */
export class BullDeliveryQueue implements DeliveryQueue {
  private readonly outbox: OutboxRepo;
  private readonly clock: Clock;
  private readonly lease: number;
  private readonly prefix: string;
  private readonly rateLimits: Map<string, number>;
  private readonly reconcileEvery: number;
  private readonly reconcileBatch: number;
  private readonly redisTimeout: number;
  private readonly log: Logger;
  private readonly redis: Redis;
  private readonly ownsRedis: boolean;
  private readonly health: RedisHealth;
  private readonly lanes = new Map<string, TicketLane>();
  /** Until when each connection's limiter (or a 429 pause) holds its tickets back, as last seen. */
  private readonly heldUntil = new Map<string, number>();
  /** When each connection was last reconciled from claim(); cleared when Redis comes back. */
  private readonly reconciledAt = new Map<string, number>();

  constructor(options: BullDeliveryQueueOptions) {
    this.outbox = options.outbox;
    this.clock = options.clock;
    this.lease = options.lease ?? 30_000;
    this.prefix = options.prefix ?? REDIS_PREFIX;
    this.rateLimits = options.rateLimits;
    this.reconcileEvery = options.reconcileEvery ?? 1000;
    this.reconcileBatch = options.reconcileBatch ?? 1000;
    this.redisTimeout = options.redisTimeout ?? 2000;
    this.log = options.log;
    this.ownsRedis = typeof options.redis === 'string';
    this.redis = typeof options.redis === 'string' ? new Redis(redisOptions(options.redis)) : options.redis;
    this.health = new RedisHealth(this.redis, this.log, () => this.reconciledAt.clear());
    for (const connection of options.connections) this.lane(connection);
  }

  /** Durable first (all or none); a ticket that cannot be written now is re-added by the reconciler. */
  async add(items: NewOutboxItem[], state?: AppStateChanges): Promise<void> {
    await this.outbox.enqueue(items, state);
    await this.sendTickets(items.map((item) => ({ connection: item.connection, id: item.id, attempts: 0 })));
  }

  /**
   * Takes up to `limit` tickets the cluster limiter allows, claims their rows in Postgres (only the
   * claimable ones), then drops the tickets: from here the row's lease, not BullMQ's job lock,
   * protects the send. With Redis unreachable it answers [] (the rows wait in the outbox).
   */
  async claim(connection: string, limit: number): Promise<ClaimedItem[]> {
    if (limit <= 0 || !(await this.health.usable(this.redisTimeout))) return [];
    await this.reconcileDue(connection);
    const lane = this.lane(connection);
    const token = randomUUID();
    const claimed: OutboxItem[] = [];
    while (claimed.length < limit) {
      const wanted = limit - claimed.length;
      const jobs = await this.takeTickets(lane, token, wanted);
      if (jobs.length < wanted) await this.noteHeld(lane);
      if (jobs.length === 0) break;
      // Dropped before the rows are claimed: a node killed in between leaves a pending row without a
      // ticket, which the reconciler re-adds at once, rather than a ticket stuck 'active' on its id.
      await this.dropTickets(lane, jobs, token);
      try {
        const ids = jobs.map((job) => job.data.id);
        claimed.push(...(await this.outbox.claimIds(ids, this.clock.now(), this.lease, connection)));
      } catch (err) {
        // Rows already claimed in this call are ours: hand them out rather than leave them to their lease.
        if (claimed.length === 0) throw err;
        this.log.error({ connection, err: errorMessage(err) }, 'outbox: claiming from the outbox failed');
        break;
      }
    }
    return claimed
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || cmp(a.id, b.id))
      .map((item) => ({ ...item, claimToken: String(item.attempts) }));
  }

  complete(item: ClaimedItem): Promise<boolean> {
    return this.outbox.markDelivered(item.id, this.clock.now());
  }

  /** Back to pending in Postgres, then a ticket due at `at` (if Redis fails, the reconciler re-adds it). */
  async retry(item: ClaimedItem, at: number, error: string): Promise<boolean> {
    if (!(await this.outbox.markRetry(item.id, at, error, claimOf(item)))) return false;
    await this.sendTickets([{ connection: item.connection, id: item.id, attempts: item.attempts, at }]);
    return true;
  }

  dead(item: ClaimedItem, error: string): Promise<boolean> {
    return this.outbox.markDead(item.id, error, claimOf(item));
  }

  /**
   * As the local queue's, except that rows due now that a claim could not get because the cluster
   * limiter held their tickets back are due when it lets the next one through: the worker sleeps
   * until then, not until its poll (its own limiter does not know the cluster's). A hold that ended
   * during this pass is returned as it is, in the past, so the worker looks again at once.
   */
  async nextDue(): Promise<number | undefined> {
    const due = await this.outbox.nextDue();
    if (due === undefined) return undefined;
    const now = this.clock.now();
    const holds = [...this.heldUntil.values()];
    const coming = holds.filter((until) => until > now);
    if (due > now) return Math.min(due, ...coming);
    if (coming.length > 0) return Math.min(...coming);
    return holds.length > 0 ? Math.max(...holds) : due;
  }

  depth(): Promise<Record<OutboxStatus, number>> {
    return this.outbox.depth();
  }

  /**
   * A 429: no node takes tickets for `connection` until `until` (a later, shorter pause never cuts
   * a longer one short). Rejects when Redis cannot be reached: the caller logs it, and its own
   * limiter still pauses its own sends.
   */
  async pause(connection: string, until: number): Promise<void> {
    const ms = Math.ceil(until - this.clock.now());
    if (ms <= 0) return;
    await this.health.within(this.lane(connection).pause(ms), this.redisTimeout);
  }

  /**
   * Re-adds a ticket for every row claimable now (pending and due, or 'sending' past its lease) of
   * `connection`, or of every connection: one query, one addBulk per connection. Tickets are
   * idempotent by job id, so rows that still have theirs are unaffected. Returns how many rows it
   * found. Redis failures are logged (once per outage), not thrown; Postgres failures are thrown.
   */
  async reconcile(connection?: string): Promise<number> {
    const names = connection === undefined ? [...this.lanes.keys()] : [connection];
    const refs = await this.outbox.listClaimable(this.clock.now(), names, this.reconcileBatch);
    await this.sendTickets(refs);
    return refs.length;
  }

  async close(): Promise<void> {
    const lanes = [...this.lanes.values()];
    this.lanes.clear();
    await Promise.allSettled(lanes.map((lane) => lane.close()));
    this.health.close();
    if (this.ownsRedis) this.redis.disconnect();
  }

  private lane(connection: string): TicketLane {
    let lane = this.lanes.get(connection);
    if (!lane) {
      lane = new TicketLane({
        connection,
        redis: this.redis,
        prefix: this.prefix,
        perMinute: this.rateLimits.get(connection),
      });
      lane.onError((err) => this.health.failed(err));
      lane.startStalledCheck();
      this.lanes.set(connection, lane);
    }
    return lane;
  }

  private async reconcileDue(connection: string): Promise<void> {
    const now = this.clock.now();
    const last = this.reconciledAt.get(connection);
    if (last !== undefined && now - last < this.reconcileEvery) return;
    this.reconciledAt.set(connection, now);
    await this.reconcile(connection);
  }

  /** The lane ran dry: note whether its limiter is why, so nextDue() can say when to look again. */
  private async noteHeld(lane: TicketLane): Promise<void> {
    try {
      const ms = await this.health.within(lane.heldFor(), this.redisTimeout);
      if (ms > 0) this.heldUntil.set(lane.connection, this.clock.now() + ms);
      else this.heldUntil.delete(lane.connection);
    } catch (err) {
      this.health.failed(err);
    }
  }

  /** Never throws: a ticket Redis did not take is re-added by the reconciler from the outbox table. */
  private async sendTickets(tickets: ConnectionTicket[]): Promise<void> {
    if (tickets.length === 0 || !(await this.health.usable(this.redisTimeout))) return;
    const byConnection = Map.groupBy(tickets, (ticket) => ticket.connection);
    const now = this.clock.now();
    await Promise.all(
      [...byConnection].map(async ([connection, list]) => {
        try {
          await this.health.within(this.lane(connection).add(list, now), this.redisTimeout);
          this.health.ok();
        } catch (err) {
          this.health.failed(err);
        }
      }),
    );
  }

  /** Up to `count` tickets; fewer when none wait, the limiter says wait, or Redis fails (logged). */
  private async takeTickets(lane: TicketLane, token: string, count: number): Promise<Job<TicketData>[]> {
    const jobs: Job<TicketData>[] = [];
    // A ticket taken after we stopped waiting for it would sit 'active' until the stalled check: drop it.
    const late = (job: Job<TicketData> | undefined): void => {
      if (job) void lane.drop(job, token).catch(() => undefined);
    };
    try {
      while (jobs.length < count) {
        const job = await this.health.within(lane.take(token), this.redisTimeout, late);
        if (!job) break;
        jobs.push(job);
      }
      this.health.ok();
    } catch (err) {
      this.health.failed(err);
    }
    return jobs;
  }

  private async dropTickets(lane: TicketLane, jobs: Job<TicketData>[], token: string): Promise<void> {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await this.health.within(lane.drop(job, token), this.redisTimeout);
        } catch (err) {
          // Left 'active': BullMQ's stalled check puts it back, and its row decides what happens.
          this.health.failed(err);
        }
      }),
    );
  }
}

/** A token this queue did not hand out matches no claim (NaN equals nothing), so it changes nothing. */
function claimOf(item: ClaimedItem): number {
  const claim = Number(item.claimToken);
  return Number.isInteger(claim) ? claim : -1;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
