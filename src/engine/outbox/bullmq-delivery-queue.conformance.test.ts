import { setTimeout as sleep } from 'node:timers/promises';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from '../../platform/redis/testing/redis.ts';
import { postgresBackend } from '../../platform/store/testing/backends.ts';
import { BullDeliveryQueue } from './bullmq-delivery-queue.ts';
import { deliveryQueueCases, type QueueBacking } from './testing/delivery-queue-cases.ts';

/**
 * Every queue opened here is another node: its own Redis client and Postgres pool, one key prefix.
 *
 * Time: BullMQ's delays and limiter run on real time, so advance(ms) really waits ms. The queues'
 * Clock moves only by advance() (it starts at the real time and lags it by the time the test spends
 * working), which keeps the cases' exact checks (a lease ends at now + LEASE) exact while every
 * delayed ticket is due in real time no later than the queues' clock says.
 *
 * reconcileEvery 0: the cases expect an item whose lease just ended to be claimable on the very next
 * claim; in production the reconciler re-tickets it within reconcileEvery (default 1 s).
 */
async function bullBacking(): Promise<QueueBacking> {
  const backend = await postgresBackend();
  const prefix = uniquePrefix();
  const clock = new FakeClock(Date.now());
  const queues: BullDeliveryQueue[] = [];
  return {
    async open({ lease }) {
      const store = await backend.open();
      const queue = new BullDeliveryQueue({
        outbox: store.outbox,
        clock,
        lease,
        redis: TEST_REDIS_URL,
        prefix,
        rateLimits: new Map(),
        connections: ['slack', 'teams'],
        reconcileEvery: 0,
        log: silentLogger(),
      });
      queues.push(queue);
      return queue;
    },
    async advance(ms) {
      await sleep(ms);
      await clock.advance(ms);
    },
    now: () => clock.now(),
    async reset() {
      await backend.reset();
      await dropPrefix(prefix);
    },
    async dispose() {
      await Promise.all(queues.map((queue) => queue.close()));
      await backend.dispose();
      await dropPrefix(prefix);
    },
  };
}

deliveryQueueCases('bullmq on postgres + redis', bullBacking);
