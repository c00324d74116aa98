import { describe, expect, it } from 'vitest';
import { testCapabilities } from '../connectors/testing/capabilities.ts';
import { captureLog } from '../connectors/testing/log-capture.ts';
import type { Connector } from '../connectors/types.ts';
import { type Delivery, startDelivery } from './runtime.ts';

function connection(name: string, setup?: () => Promise<void>): Connector {
  return {
    name,
    type: 'test',
    defaultRateLimit: 60,
    capabilities: testCapabilities({}),
    ...(setup ? { setup } : {}),
  };
}

describe('startDelivery', () => {
  it("runs every connection's setup after the receivers start; one failing is logged and stops no other", async () => {
    const order: string[] = [];
    const connectors = new Map<string, Connector>([
      [
        'broken',
        connection('broken', async () => {
          order.push('broken');
          throw new Error('webhook list: 401');
        }),
      ],
      ['plain', connection('plain')],
      ['hooks', connection('hooks', async () => void order.push('hooks'))],
    ]);
    const delivery = {
      connectors,
      worker: { start: () => void order.push('worker') },
      receivers: { start: async () => void order.push('receivers') },
    } as unknown as Delivery;
    const { log, lines } = captureLog();
    await startDelivery(delivery, log);
    expect(order).toEqual(['worker', 'receivers', 'broken', 'hooks']);
    const logged = lines.map((l) => JSON.parse(l) as { connection?: string; err?: string; msg: string });
    expect(logged.map(({ connection: c, err, msg }) => ({ c, err, msg }))).toEqual([
      {
        c: 'broken',
        err: 'webhook list: 401',
        msg: 'connection setup failed; it still sends, but may receive nothing until the next start',
      },
    ]);
  });
});
