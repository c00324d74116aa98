import { describe, expect, it } from 'vitest';
import { rateLimitDelay } from './retry-after.ts';

const now = Date.parse('2026-03-02T09:00:00Z');

describe('rateLimitDelay', () => {
  it('prefers RateLimit-Reset seconds, then Retry-After (seconds or an HTTP-date)', () => {
    expect(rateLimitDelay(new Headers({ 'RateLimit-Reset': '7', 'Retry-After': '60' }), now)).toBe(7000);
    expect(rateLimitDelay(new Headers({ 'retry-after': '2.5' }), now)).toBe(2500);
    expect(rateLimitDelay(new Headers({ 'retry-after': 'Mon, 02 Mar 2026 09:00:30 GMT' }), now)).toBe(30_000);
  });

  it('is undefined when neither header is readable', () => {
    expect(rateLimitDelay(new Headers({ 'ratelimit-reset': 'soon' }), now)).toBeUndefined();
    expect(rateLimitDelay(new Headers(), now)).toBeUndefined();
  });
});
