import { z } from 'zod';
import { defineConnector } from '../../../connectors/define.ts';
import { testCapabilities } from '../../../connectors/testing/capabilities.ts';
import type { InboundSink, VerifiedEvent } from '../../../connectors/types.ts';
import { FakeClock } from '../../../platform/clock.ts';
import { silentLogger } from '../../../platform/log.ts';
import type { Store } from '../../../platform/store/types.ts';

/**
 * A tiny poll connector: each tick it takes the next queued message and hands it to the sink, and it
 * advances its cursor only when the sink accepted the batch (so nothing is lost when the inbox fails).
 */
export const pollConnector = defineConnector({
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

/** A poll connection named `name` over the queued texts (test support, not a test). */
export function openPollConnector(name: string, options: Record<string, unknown>) {
  return pollConnector.create({
    name,
    options,
    store: {} as Store,
    log: silentLogger(),
    clock: new FakeClock(),
  });
}
