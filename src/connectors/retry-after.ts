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
