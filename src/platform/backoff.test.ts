import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.ts';
import { parseRetryAfter } from './retry-after.ts';

const opts = { backoff: 1000, maxBackoff: 60_000 };
const top = () => 1; // jitter factor 1: the undiscounted delay
const bottom = () => 0; // jitter factor 0.5

describe('retryDelay', () => {
  it('doubles per attempt starting at backoff', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, opts, top))).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('caps at maxBackoff, also for absurd attempt counts', () => {
    expect(retryDelay(7, opts, top)).toBe(60_000);
    expect(retryDelay(8, opts, top)).toBe(60_000);
    expect(retryDelay(5000, opts, top)).toBe(60_000);
  });

  it('scales by a jitter factor between 0.5 and 1', () => {
    expect(retryDelay(3, opts, bottom)).toBe(2000);
    expect(retryDelay(3, opts, () => 0.5)).toBe(3000);
    expect(retryDelay(10, opts, bottom)).toBe(30_000);
  });

  it('stays within [base/2, base] with the real random source', () => {
    for (let i = 0; i < 200; i++) {
      const delay = retryDelay(4, opts);
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });

  it('treats attempt 0 like the first attempt', () => {
    expect(retryDelay(0, opts, top)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-05T00:00:00Z');

  it('reads delta seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Mon, 05 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 04 Jan 2026 23:59:00 GMT', now)).toBe(0);
  });

  it('gives undefined for a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});
