import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import type { Store } from '../../platform/store/types.ts';
import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { captureLog } from '../testing/log-capture.ts';
import { webhookConnector } from './index.ts';

/**
 * A receiver written from what the webhook connection promises (README: "POSTs each message as JSON,
 * with an Idempotency-Key header"): it keeps each JSON body, and answers the next request the way a
 * test arranged — a 429 with Retry-After, a 5xx, a 400 with a reason, or an error page that echoes
 * the request's headers and URL back (as careless servers and proxies do).
 */

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'echo';

const TOKEN = 'Bearer conformance-token-9f8e7d';
const SIGNED_QUERY = 'sig=conformance-signed-url-6c5b4a';

let server: Server;
let base: string;
let received: unknown[] = [];
let next: Answer[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = next.shift() ?? { status: 204 };
      if (answer === 'echo') {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bad gateway for ${req.url} with authorization ${req.headers.authorization}`);
        return;
      }
      if (answer.status < 300 && req.headers['content-type'] === 'application/json') {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

connectorConformance('webhook', { http: true, inbound: false }, async (): Promise<ConformanceTarget> => {
  received = [];
  next = [];
  const { log, lines: logs } = captureLog();
  const connector = webhookConnector.create({
    name: 'hook',
    options: { url: `${base}/in?${SIGNED_QUERY}`, headers: { authorization: TOKEN } },
    store: {} as Store,
    log,
    clock: new FakeClock(),
  });
  return {
    connector,
    destination: '',
    landed: async () => received.map((body) => JSON.stringify(body)),
    secrets: [TOKEN.slice('Bearer '.length), SIGNED_QUERY],
    logs,
    http: {
      rateLimited: (seconds) => next.push({ status: 429, headers: { 'retry-after': String(seconds) } }),
      serverError: (status) => next.push({ status, body: 'upstream trouble' }),
      echoCredentials: () => next.push('echo'),
    },
    refusal: {
      destination: '',
      status: 400,
      reason: 'webhook answered 400: missing field "text"',
      arrange: () => next.push({ status: 400, body: 'missing field "text"' }),
    },
    close: async () => {},
  };
});
