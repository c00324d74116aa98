import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { Redactor } from '../../platform/redact.ts';
import type { ConnectorStateRepo } from '../../platform/store/types.ts';
import { nextPage, WebexApi } from './api.ts';
import { WebhookSync } from './webhooks.ts';

/**
 * Paging of GET /webhooks (believed to be RFC 8288 `Link: <…>; rel="next"`; the emulator answers one
 * page), against a small server written from that description, and the next link's origin check.
 */

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of servers.splice(0)) await close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, base: string) => void) {
  let base = '';
  const server = createServer((req, res) => handler(req, res, base));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return base;
}

function memoryState(): ConnectorStateRepo {
  const map = new Map<string, unknown>();
  return {
    namespace: 'webex/test',
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => {
      map.set(key, value);
    },
    delete: async (key) => map.delete(key),
    list: async (prefix = '') =>
      [...map].filter(([k]) => k.startsWith(prefix)).map(([key, value]) => ({ key, value })),
  };
}

const hook = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  targetUrl: 'https://bot.example.com/hooks/webex',
  resource: name.endsWith('attachmentActions') ? 'attachmentActions' : 'messages',
  event: 'created',
  secret: 'the-hook-secret',
  status: 'active',
  ...extra,
});

describe('webex webhook list paging', () => {
  it('reads Link: rel="next"', () => {
    const headers = new Headers({
      link: '<https://webexapis.com/v1/webhooks?cursor=abc>; rel="next", <x>; rel="prev"',
    });
    expect(nextPage(headers)).toBe('https://webexapis.com/v1/webhooks?cursor=abc');
    expect(nextPage(new Headers())).toBeUndefined();
  });

  it('follows every page before deciding, so a hook on page 2 is neither created again nor left stale', async () => {
    const seen: string[] = [];
    const base = await serve((req, res, url) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/webhooks?max=100') {
        res.setHeader('link', `<${url}/v1/webhooks?cursor=2>; rel="next"`);
        res.end(JSON.stringify({ items: [hook('h1', 'opsbot:webex:messages'), hook('x', 'someone-else')] }));
      } else if (req.url === '/v1/webhooks?cursor=2') {
        res.setHeader('link', '<https://elsewhere.example.com/v1/webhooks?cursor=3>; rel="next"');
        res.end(JSON.stringify({ items: [hook('h2', 'opsbot:webex:attachmentActions')] }));
      } else {
        res.statusCode = 500;
        res.end('{}');
      }
    });
    const api = new WebexApi({
      apiUrl: `${base}/v1`,
      token: 'tok-1234567',
      clock: systemClock,
      redactor: new Redactor(),
    });
    const sync = new WebhookSync({ api, state: memoryState(), connection: 'webex', log: silentLogger() });
    const result = await sync.sync({
      targetUrl: 'https://bot.example.com/hooks/webex',
      secret: 'the-hook-secret',
    });
    expect(result).toEqual({ created: 0, updated: 0, deleted: 0 });
    // The third page is on another origin: the token is not sent there.
    expect(seen).toEqual(['GET /v1/webhooks?max=100', 'GET /v1/webhooks?cursor=2']);
  });

  it('an own hook whose secret is not echoed is updated once, then recognised by the hash kept in state', async () => {
    const calls: string[] = [];
    const items = [
      hook('h1', 'opsbot:webex:messages', { secret: undefined }),
      hook('h2', 'opsbot:webex:attachmentActions', { secret: undefined }),
    ];
    const base = await serve((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.method === 'GET' ? { items } : {}));
    });
    const api = new WebexApi({
      apiUrl: `${base}/v1`,
      token: 'tok-1234567',
      clock: systemClock,
      redactor: new Redactor(),
    });
    const sync = new WebhookSync({ api, state: memoryState(), connection: 'webex', log: silentLogger() });
    const plan = { targetUrl: 'https://bot.example.com/hooks/webex', secret: 'the-hook-secret' };
    expect(await sync.sync(plan)).toEqual({ created: 0, updated: 2, deleted: 0 });
    expect(await sync.sync(plan)).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(calls.filter((c) => !c.startsWith('GET'))).toEqual(['PUT /v1/webhooks/h1', 'PUT /v1/webhooks/h2']);
  });
});
