import { outboundPayload } from '../../connectors/payload.ts';
import { type Connector, DeliveryError } from '../../connectors/types.ts';
import { retryDelay } from '../../platform/backoff.ts';
import type { Clock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import { secretRedactor } from '../../platform/redact.ts';
import type { Metrics } from '../metrics.ts';
import type { ClaimedItem, DeliveryQueue } from './delivery-queue.ts';
import { RateLimiter } from './rate-limit.ts';

export interface DeliverySettings {
  maxAttempts: number;
  /** First retry delay in ms (doubles per attempt, with jitter). */
  backoff: number;
  maxBackoff: number;
  /** Ms a claimed item stays ours; after that another worker (or a restarted daemon) takes it back. The queue applies it. */
  lease: number;
}

export interface DeliveryWorkerOptions {
  /** Where items wait; the worker claims from it and reports every outcome to it. */
  queue: DeliveryQueue;
  /** Connections by name; those without send() are ignored. */
  connectors: Map<string, Connector>;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  delivery: Pick<DeliverySettings, 'maxAttempts' | 'backoff' | 'maxBackoff'>;
  /** Sends per minute per connection (config `rateLimit`); connector.defaultRateLimit otherwise. */
  rateLimits: Map<string, number>;
  /** Longest Retry-After honoured per connection in ms (config `maxRetryAfter`); longer waits are capped and logged. Default 15 min. */
  maxRetryAfter?: Map<string, number>;
  /** Sends in flight at once, over all connections. Default 10. */
  concurrency?: number;
  /** Longest sleep with nothing else to wake for: picks up rows written by other processes. Default 5000 ms. */
  pollInterval?: number;
  /** How long stop() waits for in-flight sends. Default 10000 ms. */
  stopTimeout?: number;
  /** Jitter source, for tests. Default Math.random. */
  random?: () => number;
}

/** Stored error texts are for people reading `outbox list`; a whole HTML error page helps nobody. */
const MAX_ERROR = 500;
const DEPTH_EVERY_MS = 1000;
const DEFAULT_MAX_RETRY_AFTER = 15 * 60_000;

/**
 * Sends outbox items: per connection it claims only what the rate limiter allows right now, sends
 * with bounded concurrency, records the outcome, and sleeps until the next due item, the next rate
 * token, or wake(). Crash safety is the queue's lease: an item left 'sending' is claimed again later.
 */
export class DeliveryWorker {
  private readonly queue: DeliveryQueue;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly metrics: Metrics | undefined;
  private readonly delivery: DeliveryWorkerOptions['delivery'];
  private readonly concurrency: number;
  private readonly pollInterval: number;
  private readonly stopTimeout: number;
  private readonly random: () => number;
  private readonly senders = new Map<string, Connector>();
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly maxRetryAfter: Map<string, number>;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Retry times this worker set; nextDue() alone can hide them behind a row it cannot send. */
  private retryTimes: number[] = [];
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wakeRequested = false;
  private wakePending: NodeJS.Immediate | undefined;
  private sleeper: (() => void) | undefined;
  private sleepingUntil = 0;
  /** The last tick stopped claiming because every slot was busy: a finished send should wake it. */
  private saturated = false;
  private rotation = 0;
  private depthAt = Number.NEGATIVE_INFINITY;

  constructor(opts: DeliveryWorkerOptions) {
    this.queue = opts.queue;
    this.clock = opts.clock;
    this.log = opts.log;
    this.metrics = opts.metrics;
    this.delivery = opts.delivery;
    this.concurrency = Math.max(1, opts.concurrency ?? 10);
    this.pollInterval = opts.pollInterval ?? 5000;
    this.stopTimeout = opts.stopTimeout ?? 10_000;
    this.random = opts.random ?? Math.random;
    this.maxRetryAfter = opts.maxRetryAfter ?? new Map();
    for (const [name, connector] of opts.connectors) {
      if (typeof connector.send !== 'function') continue;
      this.senders.set(name, connector);
      const perMinute = opts.rateLimits.get(name) ?? connector.defaultRateLimit;
      this.limiters.set(name, new RateLimiter(this.clock, { perMinute }));
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops claiming, then waits (at most stopTimeout) for sends in flight. Unfinished ones are re-sent after their lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    this.loopDone = undefined;
    if (this.inFlight.size === 0) return;
    // A real timer, not the Clock: this bounds a shutdown, and a fake clock nobody advances must not hang it.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.stopTimeout);
    });
    await Promise.race([Promise.allSettled([...this.inFlight.values()]), timeout]);
    clearTimeout(timer);
    if (this.inFlight.size > 0) {
      this.log.warn(
        { inFlight: this.inFlight.size },
        'outbox: stopped with sends still in flight; they are sent again once their lease expires',
      );
    }
  }

  /** Something new may be due (an enqueue, a manual retry): look now instead of at the next timer. */
  wake(): void {
    this.wakeRequested = true;
    this.sleeper?.();
  }

  /**
   * A finished send frees a slot: look again once this turn of the event loop is over, so the other
   * sends that finished in it free theirs too and one claim fills them all (in a burst, claiming one
   * item per finished send was most of the store's work).
   */
  private wakeAfterTurn(): void {
    if (this.wakePending) return;
    this.wakePending = setImmediate(() => {
      this.wakePending = undefined;
      this.wake();
    });
  }

  /**
   * Someone made items due now (`opsbot outbox retry`): lift every connection's Retry-After pause,
   * forget retry times this worker set, and look at once.
   */
  resume(): void {
    for (const limiter of this.limiters.values()) limiter.resume();
    this.retryTimes = [];
    this.wake();
  }

  /** Sends currently in flight. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let wakeAt: number;
      try {
        wakeAt = await this.tick();
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'outbox: delivery loop failed; trying again later');
        wakeAt = this.clock.now() + this.pollInterval;
      }
      if (!this.running) break;
      await this.sleepUntil(wakeAt);
    }
  }

  /** One pass: claim and dispatch what is allowed now; returns when to look again. */
  private async tick(): Promise<number> {
    this.wakeRequested = false;
    this.saturated = false;
    const startedAt = this.clock.now();
    const names = [...this.senders.keys()];
    // Rotating the starting connection keeps one busy connection from taking every free slot each pass.
    this.rotation = names.length === 0 ? 0 : (this.rotation + 1) % names.length;
    // Set when free slots, not rate or due items, limited a claim: there may be more to send right now.
    let capped = false;
    for (let i = 0; i < names.length && this.running; i++) {
      const name = names[(this.rotation + i) % names.length]!;
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) {
        capped = true;
        break;
      }
      const limiter = this.limiters.get(name)!;
      const tokens = limiter.available();
      const allowed = Math.min(tokens, free);
      if (allowed < 1) continue;
      const items = await this.queue.claim(name, allowed);
      limiter.take(items.length);
      if (items.length === allowed && allowed < tokens) capped = true;
      for (const item of items) this.dispatch(this.senders.get(name)!, item);
    }
    this.saturated = capped;

    const now = this.clock.now();
    let wakeAt = now + this.pollInterval;
    // Slots freed while this pass was claiming: use them now (with none free, a finished send wakes us).
    if (capped && this.inFlight.size < this.concurrency) wakeAt = now;
    for (const limiter of this.limiters.values()) {
      if (limiter.available() < 1) wakeAt = Math.min(wakeAt, now + limiter.msUntilNext());
    }
    this.retryTimes = this.retryTimes.filter((at) => at > now);
    for (const at of this.retryTimes) wakeAt = Math.min(wakeAt, at);
    const due = await this.queue.nextDue();
    if (due !== undefined && due > startedAt) {
      // Became due after this pass started (a retry time passed while we worked): look again at once.
      wakeAt = Math.min(wakeAt, Math.max(due, now));
    }
    // A row due before this pass that is still pending belongs to a rate-limited or busy connection
    // (covered above and by finished sends) or to a connection this worker does not serve: waking for
    // it would spin, so it waits for the poll.
    await this.updateDepth(now);
    return wakeAt;
  }

  private sleepUntil(at: number): Promise<void> {
    const ms = at - this.clock.now();
    if (this.wakeRequested || ms <= 0) return Promise.resolve();
    this.sleepingUntil = at;
    return new Promise((resolve) => {
      const finish = (): void => {
        cancel();
        this.sleeper = undefined;
        resolve();
      };
      const cancel = this.clock.setTimer(finish, ms);
      this.sleeper = finish;
    });
  }

  private dispatch(connector: Connector, item: ClaimedItem): void {
    if (this.inFlight.has(item.id)) {
      // Our own earlier send of this item outlived its lease and is still running; its outcome will be
      // recorded when it ends. Sending it a second time in parallel would only duplicate it.
      return;
    }
    const done = this.deliver(connector, item).finally(() => {
      this.inFlight.delete(item.id);
      if (this.saturated) this.wakeAfterTurn();
    });
    this.inFlight.set(item.id, done);
  }

  /** Never rejects: every outcome ends in the store (or, if the store fails, in the log and a later lease expiry). */
  private async deliver(connector: Connector, item: ClaimedItem): Promise<void> {
    let failure: unknown;
    let sent = false;
    try {
      await connector.send!(item.destination, outboundPayload(item.kind, item.payload), {
        idempotencyKey: item.id,
        attempt: item.attempts,
      });
      sent = true;
    } catch (err) {
      failure = err;
    }
    try {
      if (sent) await this.recordDelivered(item);
      else await this.recordFailure(item, failure);
    } catch (err) {
      // Kept apart from the send: a store error after a successful send must not be taken for a failed
      // send. The item stays 'sending' and is sent again after its lease; receivers dedupe on its id.
      this.log.error(
        { id: item.id, connection: item.connection, err: errorMessage(err) },
        'outbox: could not record a delivery outcome',
      );
    }
  }

  private async recordDelivered(item: ClaimedItem): Promise<void> {
    const at = this.clock.now();
    await this.queue.complete(item);
    this.metrics?.deliveryLatency.observe(
      { connection: item.connection },
      Math.max(0, at - item.createdAt) / 1000,
    );
    this.metrics?.deliveryAttempts.inc({ connection: item.connection, result: 'delivered' });
    this.log.debug(
      { id: item.id, connection: item.connection, attempts: item.attempts },
      'outbox: delivered',
    );
  }

  private async recordFailure(item: ClaimedItem, err: unknown): Promise<void> {
    const now = this.clock.now();
    const error = describe(err);
    const isDelivery = err instanceof DeliveryError;
    // Anything that is not a DeliveryError (a network error, a bug in a renderer) gets the benefit of
    // the doubt: retrying costs little, and maxAttempts bounds it.
    const retryable = !isDelivery || err.retryable;
    const retryAfter = isDelivery ? this.capRetryAfter(item, err.retryAfterMs) : undefined;
    const delay =
      retryAfter !== undefined
        ? Math.max(0, retryAfter)
        : retryDelay(item.attempts, this.delivery, this.random);
    if ((isDelivery && err.status === 429) || (retryable && retryAfter !== undefined)) {
      // The service asked us to back off: the whole connection waits, not only this item.
      this.limiters.get(item.connection)?.pauseUntil(now + delay);
      // In cluster mode the other nodes must hold off too; our own limiter pauses us either way.
      void this.queue.pause?.(item.connection, now + delay).catch((err: unknown) => {
        this.log.warn(
          { connection: item.connection, err: errorMessage(err) },
          'outbox: could not pause the connection across the cluster',
        );
      });
    }
    const context = { id: item.id, connection: item.connection, attempts: item.attempts, error };
    if (!retryable || item.attempts >= this.delivery.maxAttempts) {
      if (!(await this.queue.dead(item, error))) return this.staleClaim(item);
      this.metrics?.deliveryAttempts.inc({ connection: item.connection, result: 'dead' });
      this.log.warn(context, 'outbox: delivery failed for good; the item is dead (opsbot outbox retry)');
      return;
    }
    if (!(await this.queue.retry(item, now + delay, error))) return this.staleClaim(item);
    this.retryTimes.push(now + delay);
    // The loop may be asleep until a later instant (say the lease end it saw while this was in flight).
    if (!this.sleeper || now + delay < this.sleepingUntil) this.wake();
    this.metrics?.deliveryAttempts.inc({ connection: item.connection, result: 'retry' });
    this.log.info({ ...context, retryInMs: delay }, 'outbox: delivery failed; will retry');
  }

  /** One answer with `Retry-After: 86400` must not park a connection for a day: waits past maxRetryAfter are capped. */
  private capRetryAfter(item: ClaimedItem, asked: number | undefined): number | undefined {
    if (asked === undefined) return undefined;
    const max = this.maxRetryAfter.get(item.connection) ?? DEFAULT_MAX_RETRY_AFTER;
    if (asked <= max) return asked;
    this.log.warn(
      { id: item.id, connection: item.connection, retryAfterMs: asked, maxRetryAfterMs: max },
      'outbox: Retry-After is longer than maxRetryAfter; waiting maxRetryAfter instead',
    );
    return max;
  }

  /** Our lease ran out and another worker claimed the item: its verdict counts, ours is dropped. */
  private staleClaim(item: ClaimedItem): void {
    this.log.info(
      { id: item.id, connection: item.connection, attempts: item.attempts },
      'outbox: a send outlived its lease; the item belongs to a newer claim now',
    );
  }

  private async updateDepth(now: number): Promise<void> {
    if (!this.metrics || now - this.depthAt < DEPTH_EVERY_MS) return;
    this.depthAt = now;
    const depth = await this.queue.depth();
    for (const [status, count] of Object.entries(depth)) this.metrics.outboxDepth.set({ status }, count);
  }
}

function describe(err: unknown): string {
  let text = errorMessage(err);
  // fetch() says only "fetch failed"; the reason (ECONNREFUSED, a TLS error) is in the cause.
  if (!(err instanceof DeliveryError) && err instanceof Error && err.cause !== undefined) {
    text += `: ${errorMessage(err.cause)}`;
  }
  // A last guard: connectors redact their own errors, but a renderer bug or a library may quote a secret.
  text = secretRedactor.redact(text);
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}
