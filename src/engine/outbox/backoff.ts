export interface BackoffOptions {
  /** First retry delay in ms. */
  backoff: number;
  /** Upper bound for any computed delay in ms. */
  maxBackoff: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones: backoff * 2^(attempts-1), capped at
 * maxBackoff, scaled by a random factor in [0.5, 1] so many items that failed together (a messenger
 * outage) do not all come back in the same instant.
 */
export function retryDelay(
  attempts: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  // 2 ** 1100 is Infinity, which Math.min turns back into maxBackoff: no overflow to guard against.
  const base = Math.min(opts.maxBackoff, opts.backoff * 2 ** exponent);
  const factor = 0.5 + 0.5 * Math.min(1, Math.max(0, random()));
  return Math.round(base * factor);
}

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
