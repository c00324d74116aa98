import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../sdk/types.ts';
import { type Harness, startHarness } from './test-harness.ts';

let h: Harness;
const seen: Array<{ app: string; req: HttpRequest }> = [];

beforeAll(async () => {
  h = await startHarness({
    async appRoute(app, req) {
      seen.push({ app, req });
      if (app === 'echo') return { status: req.method === 'POST' ? 201 : 200, body: { app, ...req } };
      if (app === 'text') return { headers: { 'x-app': 'text' }, body: 'plain words' };
      if (app === 'empty') return { status: 204 };
      if (app === 'boom') throw new Error('database password leaked in /srv/app/secret.ts:12');
      return null;
    },
  });
});
afterAll(async () => {
  await h.close();
});

describe('/apps/:app/*', () => {
  it('hands a GET to the app with path, query and lowercased headers', async () => {
    const res = await fetch(`${h.url}/apps/echo/reports/2026?month=01&format=csv`, {
      headers: { 'X-Custom-Header': 'Yes' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { headers: Record<string, string>; body: unknown };
    expect(body).toMatchObject({
      app: 'echo',
      method: 'GET',
      path: '/reports/2026',
      query: { month: '01', format: 'csv' },
    });
    expect(body.headers['x-custom-header']).toBe('Yes');
    expect(body.body).toBeUndefined();
  });

  it('parses a JSON body and passes the app status through', async () => {
    const res = await fetch(`${h.url}/apps/echo/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: 'disk', size: 3 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      method: 'POST',
      path: '/items',
      body: { name: 'disk', size: 3 },
    });
  });

  it('passes a non-JSON body as text', async () => {
    const res = await fetch(`${h.url}/apps/echo/form`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=2',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: 'PUT', body: 'a=1&b=2' });
  });

  it('answers 400 for a JSON content type whose body does not parse, without asking the app', async () => {
    const before = seen.length;
    const res = await fetch(`${h.url}/apps/echo/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{broken',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid JSON body' });
    expect(seen.length).toBe(before);
  });

  it('serves the app root as path "/"', async () => {
    const res = await fetch(`${h.url}/apps/echo`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { path: string }).path).toBe('/');
  });

  it('sends a string body as text with the app headers', async () => {
    const res = await fetch(`${h.url}/apps/text/hello`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-app')).toBe('text');
    expect(await res.text()).toBe('plain words');
  });

  it('sends an empty body when the app gives none', async () => {
    const res = await fetch(`${h.url}/apps/empty/x`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('answers 404 when the app has no such route', async () => {
    const res = await fetch(`${h.url}/apps/nobody/anything`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such route' });
  });

  it('answers 502 with a generic message when the app throws', async () => {
    const res = await fetch(`${h.url}/apps/boom/x`);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'the app failed to answer' });
    expect(text).not.toContain('password');
    expect(text).not.toContain('secret.ts');
  });

  it('normalises the path before routing and refuses .. out of /apps/<app>/ and NUL with 400', async () => {
    const get = (path: string) => rawGet(h.url, path);
    const inside = await get('/apps/echo/a/%2e%2e/b/./c');
    expect(inside.status).toBe(200);
    expect(JSON.parse(inside.body)).toMatchObject({ app: 'echo', path: '/b/c' });
    const before = seen.length;
    for (const [path, error] of [
      ['/apps/echo/../text/', 'the path leaves /apps/<app>/'],
      ['/apps/echo/%2e%2e/%2e%2e/etc/passwd', 'the path leaves /apps/<app>/'],
      ['/apps/echo/a%2F..%2F..%2Ftext', 'the path leaves /apps/<app>/'],
      ['/apps/echo/file%00.txt', 'NUL in the path'],
    ] as const) {
      const res = await get(path);
      expect([path, res.status, JSON.parse(res.body)]).toEqual([path, 400, { error }]);
    }
    // A raw NUL never reaches routing: the HTTP parser refuses the request line.
    expect(await rawRequestLine(h.url, 'GET /apps/echo/a\0b HTTP/1.1')).toMatch(/^HTTP\/1\.1 400 /);
    // Refused before routing: the app never saw them.
    expect(seen.length).toBe(before);
  });
});

/** A GET with the path sent exactly as given: fetch and URL strings resolve dot segments first. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends one request line over TCP as given (no client would send a raw NUL) and returns the answer. */
function rawRequestLine(base: string, line: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${line}\r\nHost: x\r\n\r\n`));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
