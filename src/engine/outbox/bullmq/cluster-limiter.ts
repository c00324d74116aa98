/** BullMQ's `limiter` option: at most `max` jobs move to active per `duration` ms, across every worker of a queue. */
export interface ClusterLimiter {
  max: number;
  duration: number;
}

const MINUTE = 60_000;

/**
 * No limit configured still gets a limiter, one nobody reaches: BullMQ only honours a pause
 * (`worker.rateLimit(ms)` after a 429) on a queue whose workers pass a `limiter`.
 */
export const UNLIMITED: ClusterLimiter = { max: 1_000_000_000, duration: 1000 };

/**
 * The BullMQ limiter that keeps a connection under `perMinute` sends in ANY sliding 60 s window.
 *
 * Why not `{ max: perMinute, duration: 60000 }`: BullMQ's limiter is a fixed window that opens at
 * the first job, so N jobs at the end of one window and N at the start of the next put 2N inside
 * one minute — exactly what a receiver counting a sliding window (and a service answering 429)
 * sees. One job per `duration` instead spaces activations at least `duration` apart, and with
 * duration = ceil(60000 / (N - 1)) any window of 60 s, even a closed one, holds at most
 * floor(60000 / duration) + 1 <= N of them. The spare (N·duration - 60000 >= duration) also absorbs
 * a send arriving up to about `duration` later than its activation (the Postgres claim, the network).
 * A limit of one or less per minute spaces sends by the whole period (60000 / N).
 */
export function clusterLimiter(perMinute: number | undefined): ClusterLimiter {
  if (perMinute === undefined) return UNLIMITED;
  if (!(perMinute > 0)) throw new RangeError(`rate limit must be positive, got ${perMinute}`);
  if (perMinute <= 1) return { max: 1, duration: Math.ceil(MINUTE / perMinute) };
  return { max: 1, duration: Math.ceil(MINUTE / (perMinute - 1)) };
}
