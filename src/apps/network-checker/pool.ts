/**
 * Runs one job per item with at most `concurrency` at a time; each job gets its own deadline and
 * an AbortSignal that fires on it (or when `signal` aborts), so a dead device only holds its own
 * slot until its timeout and never delays the others beyond that.
 */

import { eachLimit } from '../shared/each-limit.ts';

export type Settled<R> = { ok: true; value: R } | { ok: false; error: string };

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

export async function withTimeout<R>(
  ms: number,
  job: (signal: AbortSignal) => Promise<R>,
  parent?: AbortSignal,
): Promise<R> {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParent, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // Network deadlines are wall-clock time, whatever clock the app schedules with.
    timer = setTimeout(() => {
      const error = new TimeoutError(ms);
      controller.abort(error);
      reject(error);
    }, ms);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  try {
    return await Promise.race([job(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParent);
    if (!controller.signal.aborted) controller.abort(new Error('done'));
  }
}

export async function pollAll<T, R>(
  items: T[],
  options: {
    concurrency: number;
    timeoutMs: (item: T) => number;
    signal?: AbortSignal;
    onSettled?: (item: T, result: Settled<R>) => void;
  },
  job: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<Array<Settled<R>>> {
  return eachLimit(items, Math.max(1, options.concurrency), async (item) => {
    let result: Settled<R>;
    try {
      const value = await withTimeout(options.timeoutMs(item), (s) => job(item, s), options.signal);
      result = { ok: true, value };
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    options.onSettled?.(item, result);
    return result;
  });
}
