/** One request from "Slack" to the app, over HTTP (signed) or Socket Mode (an envelope), same ack either way. */
import type { EmulatorContext } from './context.ts';
import { type DeliverOptions, postSigned, type Transport } from './outbound.ts';
import type { SocketHub } from './socket.ts';
import type { OutboundResult } from './types.ts';

export type Kind = 'command' | 'interactive' | 'event';

export interface Deliverer {
  transport: Transport;
  send(kind: Kind, payload: Record<string, unknown>, options?: DeliverOptions): Promise<OutboundResult>;
}

const ENVELOPES = { command: 'slash_commands', interactive: 'interactive', event: 'events_api' } as const;

export function createDeliverer(ctx: EmulatorContext, hub: SocketHub): Deliverer {
  const deliverer: Deliverer = {
    transport: 'http',
    send(kind, payload, options = {}) {
      if ((options.transport ?? deliverer.transport) === 'socket') return hub.send(ENVELOPES[kind], payload);
      if (kind === 'command') {
        const fields = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)]));
        return postSigned(ctx, { kind: 'form', fields }, options);
      }
      if (kind === 'interactive') {
        return postSigned(ctx, { kind: 'form', fields: { payload: JSON.stringify(payload) } }, options);
      }
      return postSigned(ctx, { kind: 'json', value: payload }, options);
    },
  };
  return deliverer;
}
