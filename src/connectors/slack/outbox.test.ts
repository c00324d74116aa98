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
import { startSlackEmulator } from '../../sandbox/slack/index.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { waitFor } from '../testing/wait-for.ts';
import { slackConnector } from './index.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './test-harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig() {
  const emu = await startSlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  const clock = new FakeClock(Date.now());
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-slack-outbox-'));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 4) });
  const log = silentLogger();
  const options = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: emu.apiUrl };
  const connector = slackConnector.create({ name: 'slack', options, store, log, clock });
  cleanups.push(async () => {
    await emu.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { emu, clock, store, connector };
}

describe('slack 429 and the outbox', () => {
  it('a 429 on chat.postMessage is a retryable DeliveryError with the Retry-After', async () => {
    const { emu, connector } = await rig();
    emu.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    const message = { kind: 'portable' as const, message: { text: 'later' } };
    const err = await connector.send!('channel/C01GENERAL', message, {
      idempotencyKey: 'k',
      attempt: 1,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect({ retryable: err.retryable, retryAfterMs: err.retryAfterMs, status: err.status }).toEqual({
      retryable: true,
      retryAfterMs: 30_000,
      status: 429,
    });
    // The client did not wait or retry by itself: one call, answered 429.
    expect(emu.calls('chat.postMessage').map((c) => c.status)).toEqual([429]);
  });

  it('through the real Outbox and worker, a rate-limited message is delivered exactly once after the wait', async () => {
    const { emu, clock, store, connector } = await rig();
    emu.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    const connectors = new Map([['slack', connector]]);
    const worker = new DeliveryWorker({
      queue: new LocalDeliveryQueue({ outbox: store.outbox, clock, lease: 60_000 }),
      connectors,
      clock,
      log: silentLogger(),
      delivery: { maxAttempts: 5, backoff: 20, maxBackoff: 100 },
      rateLimits: new Map(),
    });
    cleanups.push(() => worker.stop());
    const outbox = new Outbox({ store, connectors, targets: {}, clock, worker });
    const [id] = await outbox.enqueue({
      app: 't',
      target: 'slack/channel/C01GENERAL',
      kind: 'portable',
      payload: { text: '출근 기록 완료' },
    });
    worker.start();
    await waitFor('the 429 recorded', async () => {
      const item = await store.outbox.get(id!);
      return item?.status === 'pending' && item.attempts === 1 && worker.inFlightCount === 0;
    });
    expect((await store.outbox.get(id!))?.nextAttemptAt).toBe(clock.now() + 30_000);
    await clock.advance(30_000);
    await waitFor('delivered', async () => (await store.outbox.get(id!))?.status === 'delivered');
    expect(emu.messagesIn('C01GENERAL').map((m) => m.text)).toEqual(['출근 기록 완료']);
    expect(emu.calls('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });
});
