import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDeliveryQueue } from '../../engine/outbox/local-delivery-queue.ts';
import { Outbox } from '../../engine/outbox/outbox.ts';
import { DeliveryWorker } from '../../engine/outbox/worker.ts';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import { startWebexEmulator } from '../../sandbox/webex/index.ts';
import { waitFor } from '../testing/wait-for.ts';
import { webexConnector } from './index.ts';
import { MINA, TOKEN } from './test-harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('webex 429 and the outbox', () => {
  it('through the real Outbox and worker, a rate-limited message waits for Retry-After and is delivered exactly once', async () => {
    const emu = await startWebexEmulator({ botToken: TOKEN });
    const clock = new FakeClock(Date.now());
    const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-webex-outbox-'));
    const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 4) });
    cleanups.push(async () => {
      await emu.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    });
    const log = silentLogger();
    const connector = webexConnector.create({
      name: 'webex',
      options: { token: TOKEN, apiUrl: emu.apiUrl },
      store,
      log,
      clock,
    });
    const connectors = new Map([['webex', connector]]);
    const worker = new DeliveryWorker({
      queue: new LocalDeliveryQueue({ outbox: store.outbox, clock, lease: 60_000 }),
      connectors,
      clock,
      log,
      delivery: { maxAttempts: 5, backoff: 20, maxBackoff: 100 },
      rateLimits: new Map(),
    });
    cleanups.push(() => worker.stop());
    const outbox = new Outbox({ store, connectors, targets: {}, clock, worker });
    emu.fail('POST /messages', { status: 429, retryAfter: 30 });
    const room = emu.directRoom(MINA);
    const [id] = await outbox.enqueue({
      app: 't',
      target: `webex/room/${room.id}`,
      kind: 'portable',
      payload: { text: '12월 tgday 종합입니다' },
    });
    worker.start();
    await waitFor('the 429 recorded', async () => {
      const item = await store.outbox.get(id!);
      return item?.status === 'pending' && item.attempts === 1 && worker.inFlightCount === 0;
    });
    expect((await store.outbox.get(id!))?.nextAttemptAt).toBe(clock.now() + 30_000);
    await clock.advance(29_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emu.calls('POST /messages').map((c) => c.status)).toEqual([429]);
    await clock.advance(1000);
    await waitFor('delivered', async () => (await store.outbox.get(id!))?.status === 'delivered');
    expect(emu.messagesIn(room.id).map((m) => m.text)).toEqual(['12월 tgday 종합입니다']);
    expect(emu.calls('POST /messages').map((c) => c.status)).toEqual([429, 200]);
  });
});
