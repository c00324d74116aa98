import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import { waitFor } from '../../connectors/testing/wait-for.ts';
import { type Connector, DeliveryError } from '../../connectors/types.ts';
import { systemClock } from '../../platform/clock.ts';
import { type Logger, silentLogger } from '../../platform/log.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from '../../platform/redis/testing/redis.ts';
import { type Backend, postgresBackend } from '../../platform/store/testing/backends.ts';
import type { NewOutboxItem, Store } from '../../platform/store/types.ts';
import { clusterLimiter } from './bullmq/cluster-limiter.ts';
import { BullDeliveryQueue, type BullDeliveryQueueOptions } from './bullmq-delivery-queue.ts';
import type { ClaimedItem } from './delivery-queue.ts';
import { DeliveryWorker } from './worker.ts';

let backend: Backend;
let store: Store;
let prefix: string;
const opened: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  backend = await postgresBackend();
  store = await backend.open();
});
afterAll(() => backend?.dispose());
afterEach(async () => {
  for (const queue of opened.splice(0).reverse()) await queue.close();
  await backend.reset();
  await dropPrefix(prefix);
});

/** Another daemon on the shared Postgres and Redis: its own pool and Redis client, one key prefix. */
async function node(options: Partial<BullDeliveryQueueOptions> = {}): Promise<BullDeliveryQueue> {
  const own = await backend.open();
  const queue = new BullDeliveryQueue({
    outbox: own.outbox,
    clock: systemClock,
    lease: 500,
    redis: TEST_REDIS_URL,
    prefix,
    rateLimits: new Map(),
    connections: ['hook'],
    log: silentLogger(),
    ...options,
  });
  opened.push(queue);
  return queue;
}

let counter = 0;
function items(count: number): NewOutboxItem[] {
  return Array.from({ length: count }, () => {
    counter += 1;
    const id = `b-${String(counter).padStart(6, '0')}`;
    return {
      id,
      app: 'alerts',
      target: 'hook',
      connection: 'hook',
      destination: '',
      kind: 'portable' as const,
      payload: { text: id },
      createdAt: Date.now(),
    };
  });
}

const ids = (claimed: ClaimedItem[]) => claimed.map((item) => item.id);

/** A logger whose lines (as objects) the test can read. */
function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('BullDeliveryQueue (cluster delivery)', () => {
  it('two nodes share one connection limit: claims are spaced by the limiter, each item once', async () => {
    prefix = uniquePrefix();
    const perMinute = 300;
    const spacing = clusterLimiter(perMinute).duration;
    const rateLimits = new Map([['hook', perMinute]]);
    const [a, b] = [await node({ rateLimits }), await node({ rateLimits })];
    const batch = items(12);
    await a.add(batch);
    const claims: Array<{ id: string; at: number }> = [];
    const drain = async (queue: BullDeliveryQueue) => {
      const deadline = Date.now() + 5000;
      while (claims.length < batch.length && Date.now() < deadline) {
        for (const item of await queue.claim('hook', 5)) claims.push({ id: item.id, at: Date.now() });
        await sleep(5);
      }
    };
    await Promise.all([drain(a), drain(b), drain(a)]);
    expect(claims.map((claim) => claim.id).sort()).toEqual(batch.map((item) => item.id));
    // BullMQ lets tickets through at least `spacing` apart; a claim is timed when it returns, up to
    // `jitter` after that (the Postgres claim, a busy CPU). So claims i < j lie >= (j - i)·spacing - jitter apart.
    const jitter = 150;
    for (let i = 0; i < claims.length; i++) {
      for (let j = i + 1; j < claims.length; j++) {
        expect(claims[j]!.at - claims[i]!.at, `claims ${i} and ${j}`).toBeGreaterThanOrEqual(
          (j - i) * spacing - jitter,
        );
      }
    }
  });

  it('Redis emptied mid-way: the reconciler re-tickets what is left, each item claimed once', async () => {
    prefix = uniquePrefix();
    const queue = await node({ reconcileEvery: 60_000 });
    expect(await queue.claim('hook', 1)).toEqual([]); // its one reconcile for the next minute
    const batch = items(10);
    await queue.add(batch);
    const first = await queue.claim('hook', 3);
    expect(ids(first)).toEqual(batch.slice(0, 3).map((item) => item.id));
    // What a FLUSHALL does to this queue's keys (a real FLUSHALL would wipe other suites' Redis too).
    await dropPrefix(prefix);
    expect(await queue.claim('hook', 10)).toEqual([]);
    expect(await queue.reconcile()).toBe(7);
    const rest = await queue.claim('hook', 10);
    expect(ids(rest)).toEqual(batch.slice(3).map((item) => item.id));
    expect(await queue.claim('hook', 10)).toEqual([]);
    expect(await store.outbox.depth()).toMatchObject({ pending: 0, sending: 10 });
  });

  it('a row set back to pending in the store (outbox retry) and a node that died mid-send are re-sent', async () => {
    prefix = uniquePrefix();
    // b's own claims hold long, so only a's lapsed claim comes back during the test.
    const a = await node({ reconcileEvery: 100 });
    const b = await node({ reconcileEvery: 100, lease: 10_000 });
    const [dead, orphan] = items(2);
    await a.add([dead!, orphan!]);
    const claimed = await a.claim('hook', 2);
    expect(await a.dead(claimed[0]!, 'HTTP 404')).toBe(true);
    await a.close(); // node a dies holding `orphan`
    expect(await store.outbox.retry(Date.now(), { ids: [dead!.id] })).toBe(1);
    const again: string[] = [];
    await waitFor(
      'both handed out again',
      async () => {
        again.push(...ids(await b.claim('hook', 5)));
        return again.length >= 2;
      },
      3000,
    );
    expect(again.sort()).toEqual([dead!.id, orphan!.id]);
    expect(await store.outbox.get(dead!.id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await store.outbox.get(orphan!.id)).toMatchObject({ status: 'sending', attempts: 2 });
  });

  it('pause() on one node stops claims on every node until it ends', async () => {
    prefix = uniquePrefix();
    const [a, b] = [await node(), await node()];
    const [item] = items(1);
    await a.add([item!]);
    const until = Date.now() + 600;
    await a.pause('hook', until);
    expect(await b.claim('hook', 1)).toEqual([]);
    expect(await a.claim('hook', 1)).toEqual([]);
    await sleep(until - Date.now() + 20);
    expect(ids(await b.claim('hook', 1))).toEqual([item!.id]);
  });

  it('a 429 in one node’s worker pauses the connection for the other nodes', async () => {
    prefix = uniquePrefix();
    const [a, b] = [await node(), await node()];
    const sends: string[] = [];
    const connector: Connector = {
      name: 'hook',
      type: 'test',
      defaultRateLimit: 600,
      capabilities: testCapabilities(),
      async send(_destination, _payload, meta) {
        sends.push(meta.idempotencyKey);
        throw new DeliveryError('429', { retryable: true, status: 429, retryAfterMs: 1500 });
      },
    };
    const worker = new DeliveryWorker({
      queue: a,
      connectors: new Map([['hook', connector]]),
      clock: systemClock,
      log: silentLogger(),
      delivery: { maxAttempts: 5, backoff: 20, maxBackoff: 100 },
      rateLimits: new Map(),
      concurrency: 1,
    });
    opened.push({ close: () => worker.stop() });
    const [first, second] = items(2);
    await a.add([first!]);
    worker.start();
    await waitFor('the 429', async () => (await store.outbox.get(first!.id))?.lastError === '429', 3000);
    await worker.stop();
    await a.add([second!]);
    // `second` is due and has its ticket, but the service said wait: no node may send it yet.
    expect(await b.claim('hook', 5)).toEqual([]);
    expect(sends).toEqual([first!.id]);
  });

  it('Redis unreachable: claim answers [] at once, add still stores the rows, one warning per outage', async () => {
    prefix = uniquePrefix();
    const { log, lines } = capturingLogger();
    const down = await node({ redis: 'redis://127.0.0.1:1', redisTimeout: 300, log });
    const batch = items(3);
    await down.add(batch);
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect(await down.claim('hook', 5)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await store.outbox.depth()).toMatchObject({ pending: 3 });
    expect(lines.filter((line) => String(line.msg).includes('Redis is unreachable'))).toHaveLength(1);
    // The rows were never lost: a node that can reach Redis tickets and claims them.
    const up = await node();
    expect((await up.claim('hook', 5)).length).toBe(3);
  });
});
