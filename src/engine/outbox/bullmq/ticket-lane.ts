import {
  type BackendFactory,
  createRedisBackend,
  type Job,
  Queue,
  type RedisQueueBackend,
  Worker,
} from 'bullmq';
import type { Redis } from 'ioredis';
import { type ClusterLimiter, clusterLimiter } from './cluster-limiter.ts';

/** A ticket to try sending one outbox row: the row is the truth, the ticket only says "look at it". */
export interface Ticket {
  id: string;
  /** The row's attempt count when the ticket was written; with the id it makes the ticket's job id. */
  attempts: number;
  /** Epoch ms before which the ticket is not handed out (a retry time). Default: at once. */
  at?: number;
}

export interface TicketData {
  id: string;
}

export interface TicketLaneOptions {
  /** The connection whose sends this lane carries; its queue is `out-<connection>`. */
  connection: string;
  /** The shared client: BullMQ's Queue and Worker reuse it (no per-queue connections). */
  redis: Redis;
  prefix: string;
  /** Sends per minute across the cluster; undefined = unlimited. */
  perMinute: number | undefined;
}

const LOCAL_LAG = 10;

/**
 * BullMQ rejects a custom job id containing ':' (unless it has exactly three parts), so the id and
 * attempt count are joined with '@'; encoding the id keeps two different rows from ever sharing one.
 */
export function ticketJobId(id: string, attempts: number): string {
  return `${encodeURIComponent(id)}@${attempts}`;
}

/**
 * The worker never blocks (tickets are taken with `block: false`), so it needs no dedicated blocking
 * connection: without this, every Worker duplicates the shared client, one connection per
 * outbox connection per node.
 */
const nonBlocking: BackendFactory<RedisQueueBackend> = (name, opts) => createRedisBackend(name, opts, {});

/** How long a taken ticket is locked, and how often abandoned ones are looked for (ms). */
const TICKET_LOCK = 5000;

/**
 * One connection's ticket queue: a BullMQ Queue to add tickets and a Worker (no processor, never
 * run) whose limiter spaces the tickets handed out across every node of the cluster.
 */
export class TicketLane {
  readonly connection: string;
  private readonly queue: Queue<TicketData, unknown, string, TicketData, unknown, string>;
  private readonly worker: Worker<TicketData>;
  private readonly limiter: ClusterLimiter;
  private readonly redis: Redis;

  constructor(options: TicketLaneOptions) {
    this.connection = options.connection;
    this.redis = options.redis;
    const name = `out-${options.connection}`;
    const base = { connection: options.redis, prefix: options.prefix };
    this.limiter = clusterLimiter(options.perMinute);
    this.queue = new Queue<TicketData>(name, base, nonBlocking);
    this.worker = new Worker<TicketData>(
      name,
      null,
      {
        ...base,
        autorun: false,
        limiter: this.limiter,
        // A ticket is held for one Redis round trip; one left by a node killed meanwhile comes back soon.
        lockDuration: TICKET_LOCK,
        stalledInterval: TICKET_LOCK,
        removeOnComplete: { count: 0 },
        removeOnFail: { count: 0 },
      },
      nonBlocking,
    );
  }

  /**
   * Queue and Worker report Redis trouble as 'error' events; an EventEmitter with no listener would
   * throw them at the process instead.
   */
  onError(listener: (err: unknown) => void): void {
    this.queue.on('error', listener);
    this.worker.on('error', listener);
  }

  /**
   * A ticket whose job id exists already (waiting, delayed or being taken) is not added twice.
   * `now` turns `at` into BullMQ's relative delay.
   */
  async add(tickets: Ticket[], now: number): Promise<void> {
    if (tickets.length === 0) return;
    await this.queue.addBulk(
      tickets.map((ticket) => ({
        name: 'send',
        data: { id: ticket.id },
        opts: {
          jobId: ticketJobId(ticket.id, ticket.attempts),
          delay: Math.max(0, (ticket.at ?? now) - now),
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  /** The next ticket the cluster-wide limiter allows now, or undefined (none waiting, or limited). */
  async take(token: string): Promise<Job<TicketData> | undefined> {
    return (await this.worker.getNextJob(token, { block: false })) ?? undefined;
  }

  /**
   * After take() found nothing: ms until the limiter (or a pause) lets the next ticket through; 0
   * when no ticket waits. Redis may already let one through while this Worker's own copy of the
   * limiter, set a few ms after Redis's from the script's answer, still says wait: then a short
   * LOCAL_LAG, or the caller would sleep to its poll with a ticket ready.
   */
  async heldFor(): Promise<number> {
    const ttl = await this.queue.getRateLimitTtl(this.limiter.max);
    if (ttl > 0) return ttl;
    return (await this.queue.getWaitingCount()) > 0 ? LOCAL_LAG : 0;
  }

  /** Removes a taken ticket (it served its purpose, or its row is not claimable). */
  async drop(job: Job<TicketData>, token: string): Promise<void> {
    await job.moveToCompleted(null, token, false);
  }

  /**
   * Nothing is handed out on this connection, on any node, for `ms` (a 429 from the service). BullMQ
   * overwrites the limiter key; a shorter pause must not cut a longer one (or a limiter window that
   * already holds the next ticket longer) short, so it is skipped then.
   */
  async pause(ms: number): Promise<void> {
    const key = this.queue.keys.limiter!;
    const [count, left] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (Number(count) >= this.limiter.max && left >= ms) return;
    await this.queue.rateLimit(ms);
  }

  /**
   * Tickets taken by a node that died before dropping them stay 'active' and would block their job
   * id; BullMQ's stalled check (every TICKET_LOCK) returns them to waiting once their lock (TICKET_LOCK) expires.
   * It never decides a send: the row's claim in Postgres does.
   */
  startStalledCheck(): void {
    void this.worker.startStalledCheckTimer().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.worker.close(true), this.queue.close()]);
  }
}
