const SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * A Retry-After header (delta seconds or an HTTP-date) as a delay in ms from `now`.
 * undefined when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const seconds = SECONDS.exec(header);
  if (seconds) return Math.ceil(Number(seconds[1]) * 1000);
  // Every HTTP-date form names the month in letters. Without that check V8's lenient Date.parse
  // would read "-5" or "12" as a year and turn a malformed header into a far-past date (retry now).
  if (!/[A-Za-z]{3}/.test(header)) return undefined;
  const at = Date.parse(header.trim());
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

const DELTA_SECONDS = /^\s*\d+(\.\d+)?\s*$/;

/** Anything with a case-insensitive header lookup: fetch's Headers, or a plain adapter. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * How long a rate-limited service asks us to wait: `RateLimit-Reset` (delta seconds, the IETF draft
 * NAVER WORKS sends) first, then `Retry-After`. undefined when neither is readable.
 */
export function rateLimitDelay(headers: HeaderLookup, now: number): number | undefined {
  const reset = headers.get('ratelimit-reset');
  if (reset !== null && DELTA_SECONDS.test(reset)) return Math.ceil(Number(reset) * 1000);
  return parseRetryAfter(headers.get('retry-after'), now);
}
