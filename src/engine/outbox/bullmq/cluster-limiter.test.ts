import { describe, expect, it } from 'vitest';
import { type ClusterLimiter, clusterLimiter, UNLIMITED } from './cluster-limiter.ts';

const MINUTE = 60_000;

/** A small seeded generator, so a failure replays exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * BullMQ's limiter as its Lua scripts run it: the first activation opens a window of `duration`
 * ms; once `max` jobs moved in it, nothing moves until it ends. Workers ask as often as they can
 * (sometimes after an idle gap); each send reaches the receiver some jitter after its activation.
 */
function simulate(limiter: ClusterLimiter, jitter: number, count: number, next: () => number): number[] {
  const arrivals: number[] = [];
  let windowEnd = Number.NEGATIVE_INFINITY;
  let inWindow = 0;
  let t = 0;
  for (let i = 0; i < count; i++) {
    if (t >= windowEnd) {
      windowEnd = t + limiter.duration;
      inWindow = 0;
    }
    if (inWindow >= limiter.max) {
      t = windowEnd;
      windowEnd = t + limiter.duration;
      inWindow = 0;
    }
    inWindow += 1;
    arrivals.push(t + next() * jitter);
    // Usually the next ask is at once; now and then a worker was busy for a while.
    t += next() < 0.8 ? 0 : next() * limiter.duration * 3;
  }
  return arrivals.sort((a, b) => a - b);
}

/** The most arrivals inside any closed window [x, x + 60 s]. */
function busiestMinute(arrivals: number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < arrivals.length; end++) {
    while (arrivals[end]! - arrivals[start]! > MINUTE) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('clusterLimiter', () => {
  it('keeps every sliding minute at or under the limit, with arrival jitter up to half the spacing', () => {
    for (const perMinute of [2, 3, 7, 30, 60, 119, 120, 600, 1000]) {
      const limiter = clusterLimiter(perMinute);
      expect(limiter.max).toBe(1);
      for (let seed = 1; seed <= 20; seed++) {
        const arrivals = simulate(limiter, limiter.duration / 2, perMinute * 5, random(seed * perMinute));
        expect(busiestMinute(arrivals), `${perMinute}/min, seed ${seed}`).toBeLessThanOrEqual(perMinute);
      }
      // And the limit is used, not undercut: with constant demand a minute holds nearly N sends
      // (whole-millisecond spacing rounds up, costing ~1.5% at 1000/min).
      const steady = simulate(limiter, 0, perMinute * 3, () => 0);
      expect(busiestMinute(steady)).toBeGreaterThanOrEqual(Math.floor(perMinute * 0.98) - 1);
    }
  });

  it('a plain fixed window of N per minute would let 2N through in one sliding minute', () => {
    const arrivals = simulate({ max: 120, duration: MINUTE }, 0, 600, () => 0.5);
    expect(busiestMinute(arrivals)).toBeGreaterThan(120);
  });

  it('spaces a limit of one or less per minute by the whole period', () => {
    expect(clusterLimiter(1)).toEqual({ max: 1, duration: MINUTE });
    expect(clusterLimiter(0.5)).toEqual({ max: 1, duration: 2 * MINUTE });
    expect(busiestMinute(simulate(clusterLimiter(1), 0, 10, () => 0))).toBe(2);
  });

  it('without a limit it still sets one nobody reaches (so a 429 pause works), and refuses nonsense', () => {
    expect(clusterLimiter(undefined)).toBe(UNLIMITED);
    expect(UNLIMITED.max / UNLIMITED.duration).toBeGreaterThan(1000);
    expect(() => clusterLimiter(0)).toThrow(RangeError);
    expect(() => clusterLimiter(Number.NaN)).toThrow(RangeError);
  });
});
