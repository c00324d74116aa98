import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../../connectors/define.ts';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector, InboundSink, VerifiedEvent } from '../../connectors/types.ts';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import { Receivers } from './receivers.ts';

/**
 * A tiny poll connector: each tick it takes the next queued message and hands it to the sink, and it
 * advances its cursor only when the sink accepted the batch (so nothing is lost when the inbox fails).
 */
const pollConnector = defineConnector({
  type: 'fake-poll',
  options: z.object({ queue: z.array(z.string()), failStart: z.boolean().default(false) }),
  native: z.never(),
  defaultRateLimit: 60,
  capabilities: () => testCapabilities({ send: false, receive: 'poll' }),
  create(ctx) {
    const queue = [...ctx.options.queue];
    let cursor = 0;
    let sink: InboundSink | undefined;
    const tick = async () => {
      const text = queue[cursor];
      if (text === undefined || !sink) return;
      const event: VerifiedEvent = {
        id: `m${cursor}`,
        type: 'message',
        replyTo: `${ctx.name}/x`,
        user: 'u',
        text,
      };
      await sink([event]);
      cursor++;
    };
    return {
      client: { tick, cursor: () => cursor },
      receive: {
        mode: 'poll',
        async start(s) {
          if (ctx.options.failStart) throw new Error('poll endpoint unreachable');
          sink = s;
        },
        async stop() {
          sink = undefined;
        },
      },
    };
  },
});

function open(name: string, options: Record<string, unknown>) {
  return pollConnector.create({
    name,
    options,
    store: {} as Store,
    log: silentLogger(),
    clock: new FakeClock(),
  });
}

describe('Receivers', () => {
  it('starts poll receivers, hands their events to the sink, and stops them', async () => {
    const poll = open('feed', { queue: ['one', 'two'] });
    const seen: Array<[string, string | undefined]> = [];
    const receivers = new Receivers({
      connectors: [poll],
      sink: async (connector, events) => {
        for (const e of events) seen.push([connector.name, e.text]);
      },
      log: silentLogger(),
    });
    expect(receivers.names).toEqual(['feed']);
    await receivers.start();
    await poll.client!.tick();
    await poll.client!.tick();
    expect(seen).toEqual([
      ['feed', 'one'],
      ['feed', 'two'],
    ]);
    expect(poll.client!.cursor()).toBe(2);
    await receivers.stop();
    await poll.client!.tick();
    expect(seen).toHaveLength(2);
  });

  it('a sink failure reaches the receiver, which keeps its cursor for the next tick', async () => {
    const poll = open('feed', { queue: ['one'] });
    let fail = true;
    const seen: string[] = [];
    const receivers = new Receivers({
      connectors: [poll],
      sink: async (_c, events) => {
        if (fail) throw new Error('inbox down');
        seen.push(...events.map((e) => e.id));
      },
      log: silentLogger(),
    });
    await receivers.start();
    await expect(poll.client!.tick()).rejects.toThrow('inbox down');
    expect(poll.client!.cursor()).toBe(0);
    fail = false;
    await poll.client!.tick();
    expect(seen).toEqual(['m0']);
    await receivers.stop();
  });

  it('one receiver failing to start does not keep the others from starting; webhooks are left to the gateway', async () => {
    const broken = open('broken', { queue: [], failStart: true });
    const good = open('good', { queue: ['hello'] });
    const webhook: Connector = {
      name: 'hooked',
      type: 'test',
      defaultRateLimit: 60,
      capabilities: testCapabilities({ send: false, receive: 'webhook' }),
      receive: { mode: 'webhook', handle: () => ({ status: 200, body: {}, events: [] }) },
    };
    const seen: string[] = [];
    const receivers = new Receivers({
      connectors: [broken, good, webhook],
      sink: async (c, events) => {
        seen.push(`${c.name}:${events.map((e) => e.text).join(',')}`);
      },
      log: silentLogger(),
    });
    expect(receivers.names).toEqual(['broken', 'good']);
    await receivers.start();
    await good.client!.tick();
    expect(seen).toEqual(['good:hello']);
    await receivers.stop();
  });
});
