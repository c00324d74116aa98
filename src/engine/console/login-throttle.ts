import type { Clock } from '../../platform/clock.ts';

/** Failures that count, and how many before logins are refused. */
export const THROTTLE_WINDOW = 15 * 60_000;
export const THROTTLE_FAILURES = 5;
/** First refusal lasts this long; each further failure doubles it, up to the window. */
const FIRST_LOCKOUT = 60_000;
/** Beyond this many keys, forgotten ones are swept (a flood of names must not fill memory). */
const SWEEP_ABOVE = 10_000;

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/**
 * Slows password guessing, per user name and per client address, in memory (a restart forgets,
 * which is fine: it costs an attacker a daemon restart they cannot cause). After THROTTLE_FAILURES
 * failures within THROTTLE_WINDOW, logins are refused for a minute, then two, four… up to 15.
 */
export class LoginThrottle {
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  retryAfter(name: string, address: string): number {
    const now = this.#clock.now();
    const until = Math.max(this.#lockedUntil(`user:${name}`), this.#lockedUntil(`addr:${address}`));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  failed(name: string, address: string): void {
    this.#fail(`user:${name}`);
    this.#fail(`addr:${address}`);
    if (this.#entries.size > SWEEP_ABOVE) this.#sweep();
  }

  /** A good password clears the name's count; the address keeps its own (it may be guessing others). */
  succeeded(name: string): void {
    this.#entries.delete(`user:${name}`);
  }

  #lockedUntil(key: string): number {
    return this.#entries.get(key)?.lockedUntil ?? 0;
  }

  #fail(key: string): void {
    const now = this.#clock.now();
    const entry = this.#entries.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((at) => at > now - THROTTLE_WINDOW);
    entry.failures.push(now);
    const over = entry.failures.length - THROTTLE_FAILURES;
    if (over >= 0) entry.lockedUntil = now + Math.min(FIRST_LOCKOUT * 2 ** over, THROTTLE_WINDOW);
    this.#entries.set(key, entry);
  }

  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, entry] of this.#entries) {
      const recent = entry.failures.some((at) => at > now - THROTTLE_WINDOW);
      if (!recent && entry.lockedUntil <= now) this.#entries.delete(key);
    }
  }
}
