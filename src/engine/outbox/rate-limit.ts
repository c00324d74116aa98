import type { Clock } from '../../platform/clock.ts';

// Refill is fractional; without slack, 1000 ms at 1/s could add 0.9999999 tokens and wait 1 ms more.
const EPSILON = 1e-9;

export interface RateLimiterOptions {
  /** Sends per minute on average. */
  perMinute: number;
  /** Bucket size as seconds' worth of sends: how large a burst may be after a quiet spell. Default 3. */
  burstSeconds?: number;
}

/**
 * A token bucket for one connection. Time comes from the Clock so tests can move it by hand.
 * The bucket starts full; it refills at perMinute/60 tokens per second up to its capacity
 * (at least one token, so a slow limit such as 2/min still lets a send through).
 */
export class RateLimiter {
  readonly perMinute: number;
  readonly capacity: number;
  private readonly clock: Clock;
  private readonly perMs: number;
  private tokens: number;
  private updatedAt: number;
  private pausedUntilAt = 0;

  constructor(clock: Clock, opts: RateLimiterOptions) {
    if (!(opts.perMinute > 0)) throw new RangeError(`rate limit must be positive, got ${opts.perMinute}`);
    this.clock = clock;
    this.perMinute = opts.perMinute;
    this.perMs = opts.perMinute / 60_000;
    this.capacity = Math.max(1, (opts.perMinute / 60) * (opts.burstSeconds ?? 3));
    this.tokens = this.capacity;
    this.updatedAt = clock.now();
  }

  /** Whole sends allowed right now (0 while paused). */
  available(): number {
    const now = this.refill();
    if (now < this.pausedUntilAt) return 0;
    return Math.floor(this.tokens + EPSILON);
  }

  /** Spends n tokens; callers take at most available(). */
  take(n: number): void {
    this.refill();
    this.tokens = Math.max(0, this.tokens - n);
  }

  /** Ms until available() is at least 1 (0 when it already is). */
  msUntilNext(): number {
    const now = this.refill();
    const untilToken = this.tokens + EPSILON >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs - 1e-6);
    return Math.max(untilToken, this.pausedUntilAt - now, 0);
  }

  /**
   * Stops all sends until `at`: the service said it is overloaded (429), so other queued items
   * must not hammer it either. A later pause never shortens an earlier, longer one.
   */
  pauseUntil(at: number): void {
    this.pausedUntilAt = Math.max(this.pausedUntilAt, at);
  }

  /** Ends a pause early (a person asked to retry now). */
  resume(): void {
    this.pausedUntilAt = 0;
  }

  get pausedUntil(): number | undefined {
    return this.pausedUntilAt > this.clock.now() ? this.pausedUntilAt : undefined;
  }

  private refill(): number {
    const now = this.clock.now();
    // A clock that steps back (NTP) must not drain the bucket; it simply adds nothing.
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perMs);
    this.updatedAt = Math.max(this.updatedAt, now);
    return now;
  }
}
