import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
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

/**
 * Another daemon: its own Redis client under one key prefix, on the shared database. The nodes share
 * one Store (a pool, so claims still race in Postgres): opening a Store per node migrates each time,
 * and a migration's catalog scan fails when a test elsewhere drops its schema at that moment.
 */
async function node(options: Partial<BullDeliveryQueueOptions> = {}): Promise<BullDeliveryQueue> {
  const queue = new BullDeliveryQueue({
    outbox: store.outbox,
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

/** A TCP hop to the test Redis that the test can cut and restore: Redis going away and coming back. */
async function redisHop(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const target = new URL(TEST_REDIS_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    server = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server!.address() as { port: number }).port;
  };
  const cut = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  };
  await listen();
  opened.push({ close: cut });
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen };
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
    // Each claim call that got items: when it started and returned. BullMQ let their tickets through
    // somewhere in between, so however slow a busy CPU makes a call, this bound is exact.
    const calls: Array<{ from: number; to: number; ids: string[] }> = [];
    const claimed = () => calls.reduce((sum, call) => sum + call.ids.length, 0);
    const drain = async (queue: BullDeliveryQueue) => {
      const deadline = Date.now() + 5000;
      while (claimed() < batch.length && Date.now() < deadline) {
        const from = Date.now();
        const got = ids(await queue.claim('hook', 5));
        if (got.length > 0) calls.push({ from, to: Date.now(), ids: got });
        await sleep(5);
      }
    };
    await Promise.all([drain(a), drain(b), drain(a)]);
    expect(calls.flatMap((call) => call.ids).sort()).toEqual(batch.map((item) => item.id));
    // Tickets pass at least `spacing` apart, so the calls lying wholly inside any span of t ms got
    // at most floor(t / spacing) + 1 items between them (without the limiter: all 12 within ~0.1 s).
    for (const first of calls) {
      for (const last of calls) {
        if (last.to < first.from) continue;
        const inside = calls.filter((call) => call.from >= first.from && call.to <= last.to);
        const items = inside.reduce((sum, call) => sum + call.ids.length, 0);
        expect(items).toBeLessThanOrEqual(Math.floor((last.to - first.from) / spacing) + 1);
      }
    }
  });

  it('a delivery worker sends at the cluster limiter’s pace, not at its poll interval', async () => {
    prefix = uniquePrefix();
    const rateLimits = new Map([['hook', 600]]);
    const queue = await node({ rateLimits });
    const sent: number[] = [];
    const connector: Connector = {
      name: 'hook',
      type: 'test',
      defaultRateLimit: 600,
      capabilities: testCapabilities(),
      async send() {
        sent.push(Date.now());
      },
    };
    const worker = new DeliveryWorker({
      queue,
      connectors: new Map([['hook', connector]]),
      clock: systemClock,
      log: silentLogger(),
      delivery: { maxAttempts: 5, backoff: 20, maxBackoff: 100 },
      rateLimits,
      pollInterval: 5000,
    });
    opened.push({ close: () => worker.stop() });
    await queue.add(items(8));
    worker.start();
    // 8 sends 101 ms apart take ~0.7 s; sleeping to the 5 s poll between them would take half a minute.
    await waitFor('all sent', async () => (await store.outbox.depth()).delivered === 8, 4000);
    const spacing = clusterLimiter(600).duration;
    // And no faster than the limiter: 7 gaps of `spacing`, less up to two gaps for a busy CPU delaying the first send.
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(5 * spacing);
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
    await b.pause('hook', Date.now() + 50); // a shorter 429 elsewhere does not end the longer pause
    await sleep(100);
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

  it('Redis goes away and comes back: claims resume and what was added meanwhile is sent', async () => {
    prefix = uniquePrefix();
    const hop = await redisHop();
    const { log, lines } = capturingLogger();
    const queue = await node({
      redis: hop.url,
      redisTimeout: 300,
      reconcileEvery: 60_000,
      lease: 10_000,
      log,
    });
    const [before, during] = items(2);
    await queue.add([before!]);
    expect(ids(await queue.claim('hook', 5))).toEqual([before!.id]);
    await hop.cut();
    await queue.add([during!]); // stored; its ticket cannot be written
    expect(await queue.claim('hook', 5)).toEqual([]);
    await hop.restore();
    const again: string[] = [];
    await waitFor(
      'claims resume',
      async () => {
        again.push(...ids(await queue.claim('hook', 5)));
        return again.length > 0;
      },
      4000,
    );
    expect(again).toEqual([during!.id]);
    const messages = lines.map((line) => String(line.msg));
    expect(messages.filter((msg) => msg.includes('Redis is unreachable'))).toHaveLength(1);
    expect(messages.filter((msg) => msg.includes('Redis is back'))).toHaveLength(1);
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
