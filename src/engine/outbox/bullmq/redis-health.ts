import type { Redis } from 'ioredis';
import { errorMessage, OpsbotError } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/log.ts';

/**
 * Whether the queue's Redis connection is usable, and one log line per outage instead of one per
 * call (a worker claims several times a second per connection; ioredis reports every reconnect).
 * The outbox rows stay in Postgres meanwhile, so an outage delays sends and loses nothing;
 * `onRecover` lets the queue restore the tickets Redis may have lost.
 */
export class RedisHealth {
  private readonly redis: Redis;
  private readonly log: Logger;
  private readonly onRecover: () => void;
  private down = false;
  private readonly onReady = (): void => this.ok();
  private readonly onError = (err: unknown): void => this.failed(err);

  constructor(redis: Redis, log: Logger, onRecover: () => void) {
    this.redis = redis;
    this.log = log;
    this.onRecover = onRecover;
    redis.on('ready', this.onReady);
    redis.on('error', this.onError);
  }

  /**
   * True when commands can go out now. With `maxRetriesPerRequest: null` a command sent while
   * disconnected waits for the reconnect, which would stall the delivery loop: better not to send.
   * Not yet connected and no outage known (the daemon just started): waits up to `ms` for it.
   */
  async usable(ms: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    if (!this.down && (await this.readyWithin(ms))) return true;
    this.failed(new Error(`Redis connection is ${this.redis.status}`));
    return false;
  }

  /** A Redis call failed: the first failure of an outage is logged, later ones are not. */
  failed(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log.warn(
      { err: errorMessage(err) },
      'outbox: Redis is unreachable; cluster delivery waits (messages stay in the outbox) and resumes when it is back',
    );
  }

  /** A Redis call worked (or the connection came back): ends an outage. */
  ok(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info('outbox: Redis is back; restoring send tickets from the outbox');
    this.onRecover();
  }

  /**
   * Resolves or rejects as `promise` does, or rejects (code REDIS_TIMEOUT) after `ms`. A command
   * sent just as the connection dropped would otherwise wait for the reconnect; `late` receives its
   * value if it still arrives, so the caller can undo it.
   */
  within<T>(promise: Promise<T>, ms: number, late?: (value: T) => void): Promise<T> {
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new OpsbotError('REDIS_TIMEOUT', `Redis did not answer within ${ms} ms`));
      }, ms);
    });
    promise.then(
      (value) => {
        if (timedOut) late?.(value);
      },
      () => undefined,
    );
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private readyWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ready: boolean): void => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ready);
      };
      const onReady = (): void => done(true);
      const timer = setTimeout(() => done(this.redis.status === 'ready'), ms);
      this.redis.once('ready', onReady);
    });
  }

  close(): void {
    this.redis.off('ready', this.onReady);
    this.redis.off('error', this.onError);
  }
}
