import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('starts full with a few seconds of sends', () => {
    const limiter = new RateLimiter(new FakeClock(), { perMinute: 60 });
    expect(limiter.capacity).toBe(3);
    expect(limiter.available()).toBe(3);
    expect(limiter.msUntilNext()).toBe(0);
  });

  it('refills at perMinute/60 per second once spent', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 60 });
    limiter.take(3);
    expect(limiter.available()).toBe(0);
    expect(limiter.msUntilNext()).toBe(1000);
    await clock.advance(999);
    expect(limiter.available()).toBe(0);
    expect(limiter.msUntilNext()).toBe(1);
    await clock.advance(1);
    expect(limiter.available()).toBe(1);
    await clock.advance(1000);
    expect(limiter.available()).toBe(2);
  });

  it('never holds more than its capacity after a quiet spell', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 600 });
    expect(limiter.capacity).toBe(30);
    limiter.take(30);
    await clock.advance(3_600_000);
    expect(limiter.available()).toBe(30);
  });

  it('lets at least one send through for slow limits', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 2 });
    expect(limiter.available()).toBe(1);
    limiter.take(1);
    expect(limiter.msUntilNext()).toBe(30_000);
    await clock.advance(30_000);
    expect(limiter.available()).toBe(1);
  });

  it('sends nothing while paused, whatever the tokens', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { perMinute: 60 });
    limiter.pauseUntil(clock.now() + 5000);
    expect(limiter.available()).toBe(0);
    expect(limiter.msUntilNext()).toBe(5000);
    expect(limiter.pausedUntil).toBe(clock.now() + 5000);
    // A shorter pause does not cut a longer one short.
    limiter.pauseUntil(clock.now() + 1000);
    await clock.advance(4999);
    expect(limiter.available()).toBe(0);
    await clock.advance(1);
    expect(limiter.available()).toBe(3);
    expect(limiter.pausedUntil).toBeUndefined();
  });

  it('does not drain when the clock steps back', () => {
    let now = 1_000_000;
    const clock = { now: () => now, setTimer: () => () => {}, sleep: async () => {} };
    const limiter = new RateLimiter(clock, { perMinute: 60 });
    limiter.take(1);
    now -= 10_000;
    expect(limiter.available()).toBe(2);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new RateLimiter(new FakeClock(), { perMinute: 0 })).toThrow('rate limit must be positive');
  });
});
