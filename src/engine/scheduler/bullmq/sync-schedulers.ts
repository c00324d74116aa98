import type { Queue } from 'bullmq';
import { errorMessage } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/log.ts';
import type { ScheduledJob } from '../types.ts';

/** What a scheduler fires on; only a change here re-arms it (overlap, skip, missed are read when it fires). */
export function fingerprint(job: Pick<ScheduledJob, 'cron' | 'timezone'>): string {
  return `${job.cron.trim()}|${job.timezone}`;
}

/** Finished scheduler jobs are not kept: the fire repository is the record of what ran. */
const TEMPLATE_OPTS = { removeOnComplete: true, removeOnFail: 100 };

/**
 * Makes the queue's job schedulers match `wanted`: upserts the missing and the changed ones,
 * removes the ones not wanted (with `owned`: only those no longer owned at all, so a node whose app
 * is merely down does not remove the scheduler the other nodes fire). An unchanged scheduler is left alone, because upserting it would
 * replace its pending job (and drop an occurrence that is due but not yet taken). Idempotent, so
 * every node may run it with the same jobs. Returns the ids that were changed or removed.
 */
export async function syncSchedulers(
  queue: Queue,
  wanted: ReadonlyMap<string, ScheduledJob>,
  log: Logger,
  owned?: (id: string) => boolean,
): Promise<string[]> {
  const touched: string[] = [];
  for (const job of wanted.values()) {
    try {
      const current = await queue.getJobScheduler(job.id);
      const fp = fingerprint(job);
      const currentFp = (current?.template?.data as { fp?: string } | undefined)?.fp;
      if (current && currentFp === fp) continue;
      await queue.upsertJobScheduler(
        job.id,
        { pattern: job.cron.trim(), tz: job.timezone },
        { name: job.id, data: { fp }, opts: TEMPLATE_OPTS },
      );
      if (current) touched.push(job.id);
      log.debug({ job: job.id, cron: job.cron, replaced: Boolean(current) }, 'job scheduler upserted');
    } catch (err) {
      log.error({ job: job.id, err: errorMessage(err) }, 'registering the job scheduler failed');
    }
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    if (wanted.has(scheduler.key) || owned?.(scheduler.key)) continue;
    await queue.removeJobScheduler(scheduler.key);
    touched.push(scheduler.key);
    log.debug({ job: scheduler.key }, 'job scheduler removed');
  }
  return touched;
}
