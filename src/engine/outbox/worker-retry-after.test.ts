import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import { waitFor } from '../../connectors/testing/wait-for.ts';
import { type Connector, DeliveryError } from '../../connectors/types.ts';
import { FakeClock } from '../../platform/clock.ts';
import { type Logger, silentLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import { LocalDeliveryQueue } from './local-delivery-queue.ts';
import { Outbox } from './outbox.ts';
import { DeliveryWorker } from './worker.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A connection whose service answers its first send with 429 and `Retry-After: 86400` (one day). */
async function rig(maxRetryAfter?: number) {
  const clock = new FakeClock();
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-retry-after-'));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 7) });
  const sends: string[] = [];
  const connector: Connector = {
    name: 'hook',
    type: 'test',
    defaultRateLimit: 600,
    capabilities: testCapabilities(),
    async send(_destination, _payload, meta) {
      sends.push(meta.idempotencyKey);
      if (sends.length === 1)
        throw new DeliveryError('429', { retryable: true, status: 429, retryAfterMs: 86_400_000 });
    },
  };
  const warnings: Array<Record<string, unknown>> = [];
  const log = { ...silentLogger(), warn: (fields: Record<string, unknown>) => warnings.push(fields) };
  const connectors = new Map([['hook', connector]]);
  const worker = new DeliveryWorker({
    queue: new LocalDeliveryQueue({ outbox: store.outbox, clock, lease: 5000 }),
    connectors,
    clock,
    log: log as unknown as Logger,
    delivery: { maxAttempts: 5, backoff: 20, maxBackoff: 100 },
    rateLimits: new Map(),
    ...(maxRetryAfter === undefined ? {} : { maxRetryAfter: new Map([['hook', maxRetryAfter]]) }),
  });
  const outbox = new Outbox({ store, connectors, targets: {}, clock, worker });
  cleanups.push(async () => {
    await worker.stop();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const [id] = await outbox.enqueue({ app: 't', target: 'hook', kind: 'portable', payload: { text: 'x' } });
  worker.start();
  await waitFor('the 429 recorded', async () => {
    const item = await store.outbox.get(id!);
    return item?.status === 'pending' && item.attempts === 1 && worker.inFlightCount === 0;
  });
  return { clock, store, worker, id: id!, sends, warnings };
}

describe('Retry-After is capped per connection (maxRetryAfter)', () => {
  it('waits 15 minutes, not a day, by default, and logs the cap', async () => {
    const r = await rig();
    const item = await r.store.outbox.get(r.id);
    expect(item).toMatchObject({ status: 'pending', nextAttemptAt: r.clock.now() + 15 * 60_000 });
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ connection: 'hook', retryAfterMs: 86_400_000, maxRetryAfterMs: 900_000 }),
    );
    await r.clock.advance(15 * 60_000);
    await waitFor('delivered', async () => (await r.store.outbox.get(r.id))?.status === 'delivered');
  });

  it('honours a connection-level maxRetryAfter', async () => {
    const r = await rig(60_000);
    expect((await r.store.outbox.get(r.id))?.nextAttemptAt).toBe(r.clock.now() + 60_000);
  });

  it('outbox retry makes the item due now and wakes the paused connection', async () => {
    const r = await rig();
    // Fake time stands still: only the retry can release the item.
    expect(await r.store.outbox.retry(r.clock.now(), { ids: [r.id] })).toBe(1);
    r.worker.resume();
    await waitFor('delivered', async () => (await r.store.outbox.get(r.id))?.status === 'delivered');
    expect(r.sends).toEqual([r.id, r.id]);
  });
});
