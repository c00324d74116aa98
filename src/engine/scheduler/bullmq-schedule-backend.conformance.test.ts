import { systemClock } from '../../platform/clock.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from '../../platform/redis/testing/redis.ts';
import { postgresBackend } from '../../platform/store/testing/backends.ts';
import { BullScheduleBackend } from './bullmq-schedule-backend.ts';
import { scheduleBackendCases } from './testing/schedule-backend-cases.ts';

/** How long after an instant the cases look: BullMQ's wake-up, a claim and a fire fit well inside. */
const SETTLE = 350;

/**
 * Resolves just after the next multiple of 6 s, so the cases' instants (start + n s) are
 * occurrences of their crons (`*\/2`, `*\/3`), as on the local backend's fake clock starting at
 * midnight. Costs 3 s a case on average: real time cannot be moved.
 */
async function nextAlignedSecond(): Promise<number> {
  const at = Math.ceil((Date.now() + 1) / 6000) * 6000;
  await new Promise((resolve) => setTimeout(resolve, at - Date.now() + 15));
  return at;
}

/**
 * BullMQ job schedulers on a real Redis and the store's fire table on a real Postgres, real time:
 * a key prefix and a database schema per backing, as the nodes of one cluster share them.
 */
scheduleBackendCases(
  'bullmq (job schedulers on Redis)',
  async () => {
    const prefix = uniquePrefix();
    const database = await postgresBackend();
    const { fires } = await database.open();
    const backends: BullScheduleBackend[] = [];
    let now = await nextAlignedSecond();
    return {
      open(options) {
        const node = `node-${backends.length + 1}`;
        const backend = new BullScheduleBackend({
          ...options,
          clock: systemClock,
          redis: TEST_REDIS_URL,
          prefix,
          node,
          fires,
        });
        backends.push(backend);
        return backend;
      },
      async advance(ms) {
        now += ms;
        const wait = now + SETTLE - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      },
      now: () => now,
      shared: true,
      async dispose() {
        for (const backend of backends) await backend.stop();
        await Promise.all(backends.map((backend) => backend.idle()));
        await dropPrefix(prefix);
        await database.dispose();
      },
    };
  },
  { shared: true },
);
