import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import { type Connector, DeliveryError } from '../types.ts';
import { webhookConnector } from './index.ts';

interface Seen {
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const TOKEN = 'Bearer s3cr3t-token-value';
let server: Server;
let base: string;
let seen: Seen[] = [];
let handler: Handler = (_req, res) => res.end();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

function create(options: Record<string, unknown> = {}, clock = new FakeClock()): Connector {
  return webhookConnector.create({
    name: 'hook',
    options: { url: `${base}/in?sig=topsecretsig`, headers: { authorization: TOKEN }, ...options },
    store: {} as Store,
    log: silentLogger(),
    clock,
  });
}

async function sendError(connector: Connector): Promise<DeliveryError> {
  try {
    await connector.send!(
      '',
      { kind: 'portable', message: { text: 'hi' } },
      { idempotencyKey: 'k-1', attempt: 1 },
    );
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
  throw new Error('expected send to fail');
}

function answer(status: number, body = '', headers: Record<string, string> = {}): void {
  handler = (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

describe('webhook connector', () => {
  it('declares one destination and a default rate', () => {
    const connector = create();
    expect(connector.type).toBe('webhook');
    expect(connector.capabilities.destinations).toEqual([]);
    expect(connector.defaultRateLimit).toBe(600);
  });

  it('POSTs the message as JSON with the idempotency key and configured headers', async () => {
    answer(204);
    const message = { title: 'T', text: 'hello', severity: 'info' as const };
    await create().send!('', { kind: 'portable', message }, { idempotencyKey: 'key-7', attempt: 2 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers['idempotency-key']).toBe('key-7');
    expect(seen[0]!.headers.authorization).toBe(TOKEN);
    expect(JSON.parse(seen[0]!.body)).toEqual(message);
  });

  it('turns user:pass@ in the URL into a Basic Authorization header instead of failing every send', async () => {
    answer(204);
    const url = `${base.replace('http://', 'http://bot:p%40ss-w0rd@')}/in`;
    const connector = create({ url, headers: undefined });
    await connector.send!(
      '',
      { kind: 'portable', message: { text: 'hi' } },
      { idempotencyKey: 'k', attempt: 1 },
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('bot:p@ss-w0rd').toString('base64')}`);
  });

  it('sends a native payload as it is', async () => {
    answer(200, 'ok');
    await create().send!('', { kind: 'native', body: [1, { a: 'b' }] }, { idempotencyKey: 'n', attempt: 1 });
    expect(JSON.parse(seen[0]!.body)).toEqual([1, { a: 'b' }]);
  });

  it('gives up on other 4xx with the start of the body', async () => {
    answer(400, `bad payload ${'x'.repeat(300)}`);
    const err = await sendError(create());
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(400);
    expect(err.message).toBe(`webhook answered 400: bad payload ${'x'.repeat(188)}`);
  });

  it('retries 429 and 503, honouring Retry-After in seconds and as a date', async () => {
    answer(429, 'slow down', { 'retry-after': '7' });
    const limited = await sendError(create());
    expect(limited).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(limited.message).toBe('webhook answered 429: slow down');

    const clock = new FakeClock('2026-01-05T00:00:00Z');
    answer(503, '', { 'retry-after': 'Mon, 05 Jan 2026 00:01:00 GMT' });
    const down = await sendError(create({}, clock));
    expect(down).toMatchObject({ retryable: true, status: 503, retryAfterMs: 60_000 });
    expect(down.message).toBe('webhook answered 503');
  });

  it('retries other 5xx and 408 without a Retry-After', async () => {
    answer(502, 'gateway');
    expect(await sendError(create())).toMatchObject({
      retryable: true,
      status: 502,
      retryAfterMs: undefined,
    });
    answer(408);
    expect(await sendError(create())).toMatchObject({ retryable: true, status: 408 });
  });

  it('does not follow redirects (a POST would become a GET)', async () => {
    answer(302, '', { location: `${base}/elsewhere` });
    const err = await sendError(create());
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('webhook answered 302 (redirects are not followed; check the url)');
    expect(seen).toHaveLength(1);
  });

  it('never echoes configured secrets, even when the server does', async () => {
    handler = (req, res) => {
      res.writeHead(401);
      res.end(`denied ${req.headers.authorization} at ${req.url}`);
    };
    const err = await sendError(create());
    expect(err.message).toBe('webhook answered 401: denied [redacted] at /in?[redacted]');
    expect(err.message).not.toContain('s3cr3t');
    expect(err.message).not.toContain('topsecretsig');
  });

  it('retries a timeout', async () => {
    handler = () => {}; // never answers
    const err = await sendError(create({ timeout: 100 }));
    expect(err).toMatchObject({ retryable: true, status: undefined });
    expect(err.message).toBe('webhook did not answer within 100 ms');
  });

  it('retries a refused connection without naming the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await sendError(create({ url: `http://127.0.0.1:${port}/in?sig=abcdef123` }));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('webhook request failed: ECONNREFUSED');
  });

  it('validates its options', () => {
    expect(webhookConnector.options.safeParse({ url: 'not a url' }).success).toBe(false);
    expect(webhookConnector.options.safeParse({ url: 'ftp://example.com/x' }).success).toBe(false);
    const badHeader = webhookConnector.options.safeParse({
      url: 'https://example.com/x',
      headers: { authorization: 'Bearer leaked\r\nx-evil: 1' },
    });
    expect(badHeader.success).toBe(false);
    expect(JSON.stringify(badHeader.error)).not.toContain('leaked');
    expect(webhookConnector.options.parse({ url: 'https://example.com/x' })).toEqual({
      url: 'https://example.com/x',
      timeout: 10_000,
    });
  });
});
