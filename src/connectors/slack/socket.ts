import { createRequire } from 'node:module';
import type { SocketModeClient } from '@slack/socket-mode';
import { errorMessage } from '../../platform/errors.ts';
import type { Redactor } from '../../platform/redact.ts';
import type { InboundSink, LoopReceiver } from '../types.ts';
import { type ParsedInbound, parseCommand, parseEventsApi, parseInteractive } from './inbound.ts';
import { ackBody, applyEffects, type InboundDeps } from './receiver.ts';
import { slackLogger } from './web.ts';

// Loaded by the first socket-mode start, not by every daemon that knows the Slack connector.
const require = createRequire(import.meta.url);

/**
 * Socket Mode: the official client keeps the socket (it reconnects on `disconnect` and
 * `refresh_requested` by itself); envelopes go through the same parsing as HTTP, without a
 * signature (the app token authenticated the socket). The ack carries the same body HTTP would.
 */

export interface SocketOptions {
  appToken: string;
  apiUrl: string;
  redactor: Redactor;
  /** How long a ping may go unanswered, and the base of the reconnect delay (client default 5 s). */
  clientPingTimeoutMs?: number;
}

type Json = Record<string, unknown>;

const STOP_WAIT_MS = 5000;

interface SlackEvent {
  ack(response?: Record<string, unknown>): Promise<void>;
  type: string;
  body: unknown;
}

export function socketReceiver(deps: InboundDeps, options: SocketOptions): LoopReceiver {
  let client: SocketModeClient | undefined;
  return {
    mode: 'socket',
    async start(sink: InboundSink) {
      const { SocketModeClient: Client } =
        require('@slack/socket-mode') as typeof import('@slack/socket-mode');
      const socket = new Client({
        appToken: options.appToken,
        clientOptions: { slackApiUrl: options.apiUrl },
        logger: slackLogger(deps.log, options.redactor),
        ...(options.clientPingTimeoutMs ? { clientPingTimeout: options.clientPingTimeoutMs } : {}),
      });
      socket.on('slack_event', (event: SlackEvent) => {
        void handleEnvelope(deps, sink, event).catch((err) =>
          deps.log.error(
            { connection: deps.connection, type: event.type, err: errorMessage(err) },
            'slack socket event failed',
          ),
        );
      });
      client = socket;
      await socket.start();
    },
    async stop() {
      const socket = client;
      client = undefined;
      if (!socket) return;
      // The client resolves disconnect() on its Disconnected state; a socket that is already down
      // (between a drop and the reconnect) may never announce it again, so a shutdown waits at most this.
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_WAIT_MS);
      });
      await Promise.race([socket.disconnect(), bounded]);
      clearTimeout(timer);
    },
  };
}

async function handleEnvelope(deps: InboundDeps, sink: InboundSink, event: SlackEvent): Promise<void> {
  const parsed = parseEnvelope(deps.connection, event.type, event.body);
  if (!parsed) {
    await event.ack();
    return;
  }
  await applyEffects(deps, parsed.effects);
  const stored = parsed.events.length > 0 ? await sink(parsed.events) : [];
  const body = ackBody(parsed, stored);
  await event.ack(body && typeof body === 'object' ? (body as Json) : undefined);
}

function parseEnvelope(conn: string, type: string, body: unknown): ParsedInbound | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const payload = body as Json;
  if (type === 'slash_commands') return parseCommand(conn, payload);
  if (type === 'interactive') return parseInteractive(conn, payload);
  if (type === 'events_api') return parseEventsApi(conn, payload);
  return undefined;
}
