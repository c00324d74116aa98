import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxConnector } from '../../connectors/sandbox/index.ts';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector } from '../../connectors/types.ts';
import { systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import { Metrics } from '../metrics.ts';
import { createGateway } from './server.ts';
import type { Gateway, GatewayOptions, StoredInboundEvent } from './types.ts';

/** Test support (not a test): a real gateway on 127.0.0.1 with a real SQLite store in a temp dir. */

export const HOOK_SECRET = 'test-secret';
export const BODY_LIMIT = 1024;
/** The harness's per-daemon sandbox token (its 'sandbox' connection has a secret, so the API needs it). */
export const SANDBOX_TOKEN = 'test-sandbox-token';

export interface Harness {
  url: string;
  store: Store;
  gateway: Gateway;
  metrics: Metrics;
  connectors: Map<string, Connector>;
  /** Events handed to onInbound, in order. */
  inbound: StoredInboundEvent[];
  /** Resolves once onInbound has seen at least n events. */
  waitForInbound(n: number): Promise<StoredInboundEvent[]>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<GatewayOptions> = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-gateway-'));
  const store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 7) });
  const log = silentLogger();
  const ctx = { store, log, clock: systemClock };
  const connectors = new Map<string, Connector>([
    ['sandbox', sandboxConnector.create({ ...ctx, name: 'sandbox', options: { secret: HOOK_SECRET } })],
    ['open', sandboxConnector.create({ ...ctx, name: 'open', options: {} })],
    // A send-only connection: it has no verify capability, so /hooks must not accept anything for it.
    [
      'mailer',
      {
        name: 'mailer',
        type: 'smtp',
        defaultRateLimit: 60,
        capabilities: testCapabilities(),
        send: async () => {},
      },
    ],
  ]);
  const metrics = new Metrics();
  const inbound: StoredInboundEvent[] = [];
  const waiters: Array<{ n: number; resolve: (events: StoredInboundEvent[]) => void }> = [];
  const gateway = createGateway({
    host: '127.0.0.1',
    port: 0,
    bodyLimit: BODY_LIMIT,
    sandboxToken: SANDBOX_TOKEN,
    store,
    connectors,
    metrics,
    log,
    clock: systemClock,
    onInbound(event) {
      inbound.push(event);
      for (const w of waiters.filter((w) => inbound.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve([...inbound]);
      }
    },
    appRoute: async () => null,
    health: () => ({ ok: true }),
    ...overrides,
  });
  const { url } = await gateway.listen();
  return {
    url,
    store,
    gateway,
    metrics,
    connectors,
    inbound,
    waitForInbound(n) {
      if (inbound.length >= n) return Promise.resolve([...inbound]);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async close() {
      await gateway.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request through node:http, which (unlike fetch) can send a chunked body with no
 * content-length, and still reports the response when the server answers before the body ends.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: Array<Buffer | string> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      responded = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    // The server may answer 413 and hang up mid-body; the response, not the write, is the outcome.
    req.on('error', (err) => {
      if (!responded) reject(err);
    });
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}
