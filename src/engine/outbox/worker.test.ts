import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import { waitFor as waitUpTo } from '../../connectors/testing/wait-for.ts';
import type { Connector } from '../../connectors/types.ts';
import { webhookConnector } from '../../connectors/webhook/index.ts';
import { type Clock, FakeClock, systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import { Metrics } from '../metrics.ts';
import { LocalDeliveryQueue } from './local-delivery-queue.ts';
import { Outbox } from './outbox.ts';
import { type DeliverySettings, DeliveryWorker } from './worker.ts';

/** What the endpoint saw: one row per request, in arrival order. */
interface Hit {
  key: string;
  at: number;
  status: number;
}

type Reply = (key: string, nth: number, res: ServerResponse) => number | undefined;

/** A real HTTP endpoint. `reply` answers and returns the status, or undefined to leave the request hanging. */
class Endpoint {
  readonly hits: Hit[] = [];
  readonly held: ServerResponse[] = [];
  reply: Reply = () => 200;
  url = '';
  private readonly server: Server;

  constructor() {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        const nth = this.hits.filter((h) => h.key === key).length + 1;
        const hit = { key, at: Date.now(), status: 0 };
        this.hits.push(hit);
        const status = this.reply(key, nth, res);
        if (status === undefined) {
          this.held.push(res);
          return;
        }
        hit.status = status;
        if (!res.headersSent) res.writeHead(status);
        res.end();
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Statuses answered per key, in order. */
  statuses(key: string): number[] {
    return this.hits.filter((h) => h.key === key).map((h) => h.status);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Deliveries under a busy machine: a longer wait than the default. */
const waitFor = (what: string, check: () => boolean | Promise<boolean>) => waitUpTo(what, check, 20_000);

interface Rig {
  endpoint: Endpoint;
  store: Store;
  /** Another Store on the same database file: a restarted daemon. */
  open(): Promise<Store>;
  connectors: Map<string, Connector>;
  outbox: Outbox;
  worker: DeliveryWorker;
  metrics: Metrics;
  makeWorker(store: Store, extra?: { stopTimeout?: number }): DeliveryWorker;
}

const DELIVERY: DeliverySettings = { maxAttempts: 5, backoff: 20, maxBackoff: 100, lease: 5000 };

async function rig(
  opts: { clock?: Clock; delivery?: Partial<DeliverySettings>; rateLimit?: number } = {},
): Promise<Rig> {
  const clock = opts.clock ?? systemClock;
  const endpoint = new Endpoint();
  await endpoint.listen();
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-outbox-'));
  const stores: Store[] = [];
  const open = async () => {
    const s = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 7) });
    stores.push(s);
    return s;
  };
  const store = await open();
  const connectors = new Map<string, Connector>([
    [
      'hook',
      webhookConnector.create({
        name: 'hook',
        options: { url: endpoint.url },
        store,
        log: silentLogger(),
        clock,
      }),
    ],
  ]);
  const metrics = new Metrics();
  const workers: DeliveryWorker[] = [];
  const makeWorker = (s: Store, extra: { stopTimeout?: number } = {}) => {
    const delivery = { ...DELIVERY, ...opts.delivery };
    const w = new DeliveryWorker({
      queue: new LocalDeliveryQueue({ outbox: s.outbox, clock, lease: delivery.lease }),
      connectors,
      clock,
      log: silentLogger(),
      metrics,
      delivery,
      rateLimits: new Map(opts.rateLimit ? [['hook', opts.rateLimit]] : []),
      ...extra,
    });
    workers.push(w);
    return w;
  };
  const worker = makeWorker(store);
  const outbox = new Outbox({ store, connectors, targets: { alerts: 'hook' }, clock, worker });
  cleanups.push(async () => {
    for (const w of workers) await w.stop();
    await endpoint.close();
    // Sends abandoned by a stopped worker fail once the endpoint drops them; let them finish first.
    await waitFor('abandoned sends to settle', () => workers.every((w) => w.inFlightCount === 0));
    for (const s of stores) await s.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { endpoint, store, open, connectors, outbox, worker, metrics, makeWorker };
}

async function enqueueMany(outbox: Outbox, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      ...(await outbox.enqueue({
        app: 'test',
        target: 'alerts',
        kind: 'portable',
        payload: { text: `m${i}` },
      })),
    );
  }
  return ids;
}

async function counter(metrics: Metrics, result: string): Promise<number> {
  const values = (await metrics.deliveryAttempts.get()).values;
  return values.find((v) => v.labels.result === result && v.labels.connection === 'hook')?.value ?? 0;
}

describe('DeliveryWorker with the SQLite store and the webhook connector', () => {
  it('retries 503 and 429 until delivered, exactly once each, never before Retry-After', async () => {
    const r = await rig();
    r.endpoint.reply = (_key, nth, res) => {
      if (nth === 1) return 503;
      if (nth === 2) {
        res.writeHead(429, { 'retry-after': '1' });
        return 429;
      }
      return 200;
    };
    r.worker.start();
    const ids = await enqueueMany(r.outbox, 4);

    await waitFor('all delivered', async () => (await r.store.outbox.depth()).delivered === 4);
    for (const id of ids) {
      expect(r.endpoint.statuses(id)).toEqual([503, 429, 200]);
      const hits = r.endpoint.hits.filter((h) => h.key === id);
      expect(hits[2]!.at - hits[1]!.at).toBeGreaterThanOrEqual(1000);
      expect(await r.store.outbox.get(id)).toMatchObject({ status: 'delivered', attempts: 3 });
    }
    expect(r.endpoint.hits).toHaveLength(12);
    expect(await counter(r.metrics, 'delivered')).toBe(4);
    expect(await counter(r.metrics, 'retry')).toBe(8);
    expect(await counter(r.metrics, 'dead')).toBe(0);
  });

  it('kills a 400 at once and delivers it after a manual retry', async () => {
    const r = await rig();
    r.endpoint.reply = (_key, _nth, res) => {
      res.writeHead(400);
      res.write('bad payload');
      return 400;
    };
    r.worker.start();
    const [id] = await enqueueMany(r.outbox, 1);

    await waitFor('dead', async () => (await r.store.outbox.get(id!))?.status === 'dead');
    expect(await r.store.outbox.get(id!)).toMatchObject({
      attempts: 1,
      lastError: 'webhook answered 400: bad payload',
    });
    expect(r.endpoint.statuses(id!)).toEqual([400]);

    r.endpoint.reply = () => 200;
    expect(await r.store.outbox.retry(Date.now(), { status: 'dead' })).toBe(1);
    r.worker.wake();
    await waitFor('delivered', async () => (await r.store.outbox.get(id!))?.status === 'delivered');
    expect(await r.store.outbox.get(id!)).toMatchObject({ attempts: 1 });
    expect(r.endpoint.statuses(id!)).toEqual([400, 200]);
  });

  it('gives up after maxAttempts when the endpoint stays down', async () => {
    const r = await rig({ delivery: { maxAttempts: 3, backoff: 10, maxBackoff: 40 } });
    r.endpoint.reply = (_key, _nth, res) => {
      res.writeHead(503);
      res.write('down');
      return 503;
    };
    r.worker.start();
    const [id] = await enqueueMany(r.outbox, 1);

    await waitFor('dead', async () => (await r.store.outbox.get(id!))?.status === 'dead');
    expect(await r.store.outbox.get(id!)).toMatchObject({
      attempts: 3,
      lastError: 'webhook answered 503: down',
    });
    expect(r.endpoint.statuses(id!)).toEqual([503, 503, 503]);
    expect(await counter(r.metrics, 'retry')).toBe(2);
    expect(await counter(r.metrics, 'dead')).toBe(1);
  });

  it('keeps to the rate limit: a burst of 3, then one per second (fake clock)', async () => {
    const clock = new FakeClock();
    const r = await rig({ clock, rateLimit: 60 });
    const ids = await enqueueMany(r.outbox, 20);
    r.worker.start();

    const settle = async (sent: number) => {
      await waitFor(`${sent} sent`, async () => {
        const depth = await r.store.outbox.depth();
        return r.endpoint.hits.length >= sent && depth.delivered >= sent && r.worker.inFlightCount === 0;
      });
      // Fake time stands still, so no token can appear: the count is exact, not a lower bound.
      expect(r.endpoint.hits).toHaveLength(sent);
      expect((await r.store.outbox.depth()).delivered).toBe(sent);
    };

    await settle(3);
    for (let sent = 4; sent <= 20; sent++) {
      await clock.advance(1000);
      await settle(sent);
    }
    expect(new Set(r.endpoint.hits.map((h) => h.key))).toEqual(new Set(ids));
    expect(r.endpoint.hits.every((h) => h.status === 200)).toBe(true);
  });

  it('pauses the whole connection after a 429 until its Retry-After (fake clock)', async () => {
    const clock = new FakeClock();
    const r = await rig({ clock });
    r.endpoint.reply = (_key, nth, res) => {
      if (nth > 1 || r.endpoint.hits.length > 1) return 200;
      res.writeHead(429, { 'retry-after': '10' });
      return 429;
    };
    r.worker.start();
    const [a] = await enqueueMany(r.outbox, 1);
    await waitFor('the 429 recorded', async () => {
      const item = await r.store.outbox.get(a!);
      return item?.status === 'pending' && item.attempts === 1 && r.worker.inFlightCount === 0;
    });
    expect((await r.store.outbox.get(a!))?.nextAttemptAt).toBe(clock.now() + 10_000);

    const [b] = await enqueueMany(r.outbox, 1);
    // Fake time stands still: a correct worker never sends B now, however long this waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.endpoint.hits).toHaveLength(1);
    expect(await r.store.outbox.get(b!)).toMatchObject({ status: 'pending', attempts: 0 });

    await clock.advance(10_000);
    await waitFor('both delivered', async () => (await r.store.outbox.depth()).delivered === 2);
    expect(r.endpoint.statuses(a!)).toEqual([429, 200]);
    expect(r.endpoint.statuses(b!)).toEqual([200]);
  });

  it('a second daemon delivers what a stopped one left mid-send, once its lease expires', async () => {
    const r = await rig({ delivery: { lease: 200 } });
    r.endpoint.reply = () => undefined; // the first daemon's sends never get an answer
    const first = r.makeWorker(r.store, { stopTimeout: 50 });
    const targets = { alerts: 'hook' };
    const outbox = new Outbox({
      store: r.store,
      connectors: r.connectors,
      targets,
      clock: systemClock,
      worker: first,
    });
    first.start();
    const ids = await enqueueMany(outbox, 3);
    await waitFor('3 requests in flight', () => r.endpoint.held.length === 3);

    await first.stop();
    expect(first.inFlightCount).toBe(3);
    for (const id of ids) expect((await r.store.outbox.get(id))?.status).toBe('sending');
    // The daemon is gone: its store goes with it.
    await r.store.close();

    r.endpoint.reply = () => 200;
    const store2 = await r.open();
    const second = r.makeWorker(store2);
    second.start();
    await waitFor('all delivered', async () => (await store2.outbox.depth()).delivered === 3);
    for (const id of ids) {
      expect(await store2.outbox.get(id)).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(r.endpoint.statuses(id)).toEqual([0, 200]);
    }

    // The first daemon's requests finally fail; nothing it does now may undo the deliveries.
    for (const res of r.endpoint.held) res.destroy();
    await waitFor('first worker idle', () => first.inFlightCount === 0);
    expect((await store2.outbox.depth()).delivered).toBe(3);
  });
});

describe('DeliveryWorker with a connector that throws plain errors', () => {
  it('retries them like network errors and stores at most 500 characters of error text', async () => {
    const store = await openStore({
      url: 'sqlite',
      dataDir: '',
      masterKey: Buffer.alloc(32, 9),
      memory: true,
    });
    cleanups.push(() => store.close());
    const calls: Array<{ destination: string; key: string; attempt: number }> = [];
    const flaky: Connector = {
      name: 'flaky',
      type: 'test',
      defaultRateLimit: 600,
      capabilities: testCapabilities({ destinations: ['room'] }),
      async send(destination, _payload, meta) {
        calls.push({ destination, key: meta.idempotencyKey, attempt: meta.attempt });
        if (meta.attempt === 1) throw new TypeError('x'.repeat(1000));
      },
    };
    const connectors = new Map([['flaky', flaky]]);
    const worker = new DeliveryWorker({
      queue: new LocalDeliveryQueue({ outbox: store.outbox, clock: systemClock, lease: 5000 }),
      connectors,
      clock: systemClock,
      log: silentLogger(),
      delivery: { maxAttempts: 2, backoff: 10, maxBackoff: 10 },
      rateLimits: new Map(),
    });
    cleanups.push(() => worker.stop());
    const outbox = new Outbox({ store, connectors, targets: {}, clock: systemClock, worker });
    worker.start();
    const [id] = await outbox.enqueue({
      app: null,
      target: 'flaky/room/r1',
      kind: 'portable',
      payload: { text: 'x' },
    });

    await waitFor('delivered', async () => (await store.outbox.get(id!))?.status === 'delivered');
    const item = await store.outbox.get(id!);
    expect(item?.attempts).toBe(2);
    expect(item?.lastError).toBe(`${'x'.repeat(499)}…`);
    expect(calls).toEqual([
      { destination: 'room/r1', key: id, attempt: 1 },
      { destination: 'room/r1', key: id, attempt: 2 },
    ]);
  });
});
