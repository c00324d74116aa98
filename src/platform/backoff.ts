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
