import { describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector } from '../../connectors/types.ts';
import { silentLogger } from '../../platform/log.ts';
import { Receivers } from './receivers.ts';
import { openPollConnector } from './testing/poll-connector.ts';

describe('Receivers', () => {
  it('starts poll receivers, hands their events to the sink, and stops them', async () => {
    const poll = openPollConnector('feed', { queue: ['one', 'two'] });
    const seen: Array<[string, string | undefined]> = [];
    const receivers = new Receivers({
      connectors: [poll],
      sink: async (connector, events) => {
        for (const e of events) seen.push([connector.name, e.text]);
        return [];
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
    const poll = openPollConnector('feed', { queue: ['one'] });
    let fail = true;
    const seen: string[] = [];
    const receivers = new Receivers({
      connectors: [poll],
      sink: async (_c, events) => {
        if (fail) throw new Error('inbox down');
        seen.push(...events.map((e) => e.id));
        return [];
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
    const broken = openPollConnector('broken', { queue: [], failStart: true });
    const good = openPollConnector('good', { queue: ['hello'] });
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
        return [];
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
