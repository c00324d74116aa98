/**
 * Socket Mode (more-wire-facts §1.5): `apps.connections.open` hands out a one-time ws:// URL, the app
 * connects, gets `hello`, and then receives envelopes it acks with `{envelope_id, payload?}`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorContext } from './context.ts';
import { randomHex } from './ids.ts';
import type { OutboundResult } from './types.ts';

export const SOCKET_PREFIX = '/link/';
const PING_EVERY_MS = 10_000;

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'too_many_websockets';

export interface SocketHub {
  /** The URL `apps.connections.open` answers with. */
  issueUrl(): string;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** How many sockets have connected so far (a reconnect makes it grow). */
  readonly connectionCount: number;
  readonly openSockets: number;
  send(type: EnvelopeType, payload: unknown): Promise<OutboundResult>;
  disconnect(reason: DisconnectReason): Promise<void>;
  /** Resolves once `count` sockets have connected in total. */
  waitForConnections(count: number): Promise<void>;
  close(): Promise<void>;
}

interface Waiter {
  resolve: (payload: unknown) => void;
}

export function createSocketHub(ctx: EmulatorContext): SocketHub {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const open: WebSocket[] = [];
  const acks = new Map<string, Waiter>();
  let connections = 0;
  let countWaiters: Array<() => void> = [];
  let nextEnvelope = 0;

  function onMessage(data: unknown): void {
    let frame: { envelope_id?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return;
    }
    const waiter = typeof frame.envelope_id === 'string' ? acks.get(frame.envelope_id) : undefined;
    if (!waiter) return;
    acks.delete(frame.envelope_id as string);
    waiter.resolve(frame.payload ?? {});
  }

  function accept(ws: WebSocket): void {
    connections += 1;
    open.push(ws);
    const ping = setInterval(() => ws.ping(), PING_EVERY_MS);
    ping.unref();
    ws.on('message', onMessage);
    ws.on('close', () => {
      clearInterval(ping);
      open.splice(open.indexOf(ws), 1);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.length,
        debug_info: { host: 'sandbox', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: ctx.state.workspace.appId },
      }),
    );
    for (const wake of countWaiters) wake();
    countWaiters = [];
  }

  return {
    issueUrl() {
      const ticket = randomHex(16);
      tickets.add(ticket);
      return `${ctx.baseUrl().replace(/^http/, 'ws')}${SOCKET_PREFIX}?ticket=${ticket}&app_id=${ctx.state.workspace.appId}`;
    },
    handleUpgrade(req, socket, head) {
      const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
      // Tickets are single use, so a client must call apps.connections.open for every (re)connect.
      if (!tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, accept);
    },
    get connectionCount() {
      return connections;
    },
    get openSockets() {
      return open.length;
    },
    send(type, payload) {
      const ws = open.at(-1);
      if (!ws) return Promise.resolve({ status: 0, headers: {}, body: '', error: 'no_socket' });
      nextEnvelope += 1;
      const envelopeId = `${randomHex(4)}-${nextEnvelope}`;
      const accepts = type !== 'events_api';
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          resolve({ status: 0, headers: {}, body: '', envelopeId, error: 'operation_timeout' });
        }, ctx.ackTimeoutMs);
        acks.set(envelopeId, {
          resolve(ack) {
            clearTimeout(timer);
            const empty = !ack || (typeof ack === 'object' && Object.keys(ack).length === 0);
            const body = empty ? '' : JSON.stringify(ack);
            resolve({ status: 200, headers: {}, body, ...(empty ? {} : { json: ack }), envelopeId });
          },
        });
        ws.send(
          JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: accepts, payload }),
        );
      });
    },
    async disconnect(reason) {
      const frame = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'sandbox' } });
      await Promise.all(
        [...open].map(
          (ws) =>
            new Promise<void>((resolve) => {
              ws.once('close', () => resolve());
              // The client closes on its own when it reads the frame; close for it only if it does not.
              ws.send(frame, () => setTimeout(() => ws.close(1000), 1000).unref());
            }),
        ),
      );
    },
    waitForConnections(count) {
      if (connections >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const check = () => (connections >= count ? resolve() : countWaiters.push(check));
        countWaiters.push(check);
      });
    },
    async close() {
      for (const ws of open) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
