import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../engine/gateway/api/route-table.ts';
import type { Gateway } from '../engine/gateway/index.ts';
import { LOGGING_APP, startTestDaemon, type TestDaemon, waitFor } from './console/test-daemon.ts';
import { startApiGateway } from './console/test-gateway.ts';

/** /api/v1 over real HTTP, answered by a real daemon's dispatcher (roles checked per method). */

// biome-ignore lint/suspicious/noExplicitAny: loose JSON for terse assertions in a test
type Any = any;
const seoulDate = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

describe('/api/v1', () => {
  let t: TestDaemon;
  let gateway: Gateway;
  let base = '';

  const request = async (method: string, path: string, role?: string, body?: string) => {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${role}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Any) : undefined };
  };
  const get = (path: string, role = 'viewer') => request('GET', path, role);
  const post = (path: string, role: string, body?: unknown) =>
    request('POST', path, role, body === undefined ? undefined : JSON.stringify(body));

  beforeAll(async () => {
    t = await startTestDaemon({ 'job.ts': LOGGING_APP }, [
      'timezone: Asia/Seoul',
      'connections:',
      '  chat: { type: sandbox }',
      'apps:',
      '  job:',
      '    use: ./job.ts',
      '    schedule: { cron: "0 9 * * *", skip: [weekends, "holidays:XKRX"] }',
    ]);
    ({ gateway, url: base } = await startApiGateway(t.daemon, t.call));
    await waitFor('job running', async () => (await get('/api/v1/apps/job')).body?.state === 'running');
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await t?.close();
  });

  it('401 without a token, 429 with Retry-After when the auth says so; /me names the caller', async () => {
    expect(await request('GET', '/api/v1/apps')).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: 'log in first' } },
    });
    const limited = await get('/api/v1/apps', 'slow-down');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await get('/api/v1/me', 'operator')).body).toEqual({
      name: 'operator-user',
      role: 'operator',
      via: 'api',
    });
  });

  it('GET /apps is the bare status array; one app by name; 404 for an unknown app', async () => {
    const apps = await get('/api/v1/apps');
    expect(apps.status).toBe(200);
    expect(Array.isArray(apps.body)).toBe(true);
    expect(apps.body.map((a: Any) => a.app)).toEqual(['job']);
    expect(Object.keys(apps.body[0]).sort()).toEqual(
      ['app', 'error', 'lastRun', 'nextRun', 'pid', 'restartReason', 'restarts', 'state', 'uptimeMs'].sort(),
    );
    expect((await get('/api/v1/apps/job')).body.app).toBe('job');
    expect(await get('/api/v1/apps/nope')).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_APP' } },
    });
    expect(await get('/api/v1/apps/nope/runs')).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_APP' } },
    });
    expect((await get('/api/v1/cluster')).body).toEqual({ cluster: null });
  });

  it('a viewer gets 403 on every change; bad JSON and bad queries are 400', async () => {
    for (const path of ['/api/v1/apps/job/run', '/api/v1/apps/job/stop', '/api/v1/outbox/retry']) {
      expect(await post(path, 'viewer', { dead: true })).toMatchObject({
        status: 403,
        body: { error: { code: 'FORBIDDEN' } },
      });
    }
    const deleted = await request('DELETE', '/api/v1/calendars/XKRX/closures/2026-12-14', 'operator');
    expect(deleted).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const bad = await request('POST', '/api/v1/outbox/retry', 'operator', '{"dead": tru');
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_JSON', message: 'the body is not valid JSON' } },
    });
    expect((await request('POST', '/api/v1/outbox/retry', 'operator', '[1]')).status).toBe(400);
    expect(await get('/api/v1/apps/job/runs?limit=lots')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_ARGS' } },
    });
    expect(await get('/api/v1/outbox?colour=red')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_ARGS' } },
    });
    expect((await get('/api/v1/outbox?limit=1&limit=2')).body.error.code).toBe('BAD_QUERY');
    expect((await post('/api/v1/apps/job/actions/nope', 'operator', {})).status).toBe(400);
  });

  it('POST run answers when the run ends and the run is recorded; actions answer their value', async () => {
    const run = await post('/api/v1/apps/job/run', 'operator', {});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ outcome: 'ok', error: null });
    const runs = await get(`/api/v1/apps/job/runs?limit=1&outcome=ok`);
    expect(runs.body.runs[0]).toMatchObject({
      id: run.body.runId,
      app: 'job',
      trigger: 'manual',
      outcome: 'ok',
    });
    const hello = await post('/api/v1/apps/job/actions/hello', 'operator', { args: { name: 'kim' } });
    expect(hello).toMatchObject({ status: 200, body: { hi: 'kim' } });
  });

  it('outbox retry of a dead item delivers it', async () => {
    const id = randomUUID();
    // Created in the future, so the worker leaves it alone until the retry makes it due.
    const later = Date.now() + 3_600_000;
    const item = {
      id,
      app: null,
      target: 'chat/channel/ops',
      connection: 'chat',
      destination: 'channel/ops',
    };
    await t.daemon.store.outbox.enqueue([
      { ...item, kind: 'portable', payload: { text: 'again' }, createdAt: later },
    ]);
    await t.daemon.store.outbox.markDead(id, 'boom');
    const dead = await get('/api/v1/outbox?status=dead&connection=chat');
    expect(dead.body.items.map((i: Any) => i.id)).toContain(id);
    expect(await post('/api/v1/outbox/retry', 'operator', { ids: [id] })).toMatchObject({
      status: 200,
      body: { retried: 1 },
    });
    await waitFor('delivered', async () => (await t.daemon.store.outbox.get(id))?.status === 'delivered');
    const sent = await t.daemon.store.sandbox.list({ connection: 'chat', destination: 'channel/ops' });
    expect(sent.map((m) => (m.payload as Any)?.message?.text ?? (m.payload as Any)?.text)).toContain('again');
  });

  it('a closure added over HTTP moves app.schedule and the scheduler’s nextRun past that day', async () => {
    const before = (await get('/api/v1/apps/job/schedule?count=2')).body;
    const day = seoulDate(before.next[0]);
    const added = await post('/api/v1/calendars/XKRX/closures', 'admin', { date: day, name: 'Office move' });
    expect(added).toMatchObject({
      status: 200,
      body: { entry: { exchange: 'XKRX', date: day, kind: 'closed' } },
    });
    const after = (await get('/api/v1/apps/job/schedule?count=1')).body;
    expect(after.next).toEqual([before.next[1]]);
    expect(after.skipped).toContainEqual({
      at: before.next[0],
      date: day,
      reason: `holidays:XKRX — ${day} Office move`,
    });
    await waitFor(
      'nextRun moved',
      async () => (await get('/api/v1/apps/job')).body.nextRun === before.next[1],
      3_000,
    );
    const month = (await get(`/api/v1/calendars/XKRX/${day.slice(0, 7)}`)).body;
    expect(month.days.find((d: Any) => d.date === day)).toMatchObject({
      kind: 'curated',
      name: 'Office move',
    });
    const removed = await request('DELETE', `/api/v1/calendars/XKRX/closures/${day}`, 'admin');
    expect(removed).toMatchObject({ status: 200, body: { removed: { exchange: 'XKRX', date: day } } });
    await waitFor(
      'nextRun back',
      async () => (await get('/api/v1/apps/job')).body.nextRun === before.next[0],
      3_000,
    );
    expect((await request('DELETE', `/api/v1/calendars/XKRX/closures/${day}`, 'admin')).status).toBe(404);
  });

  it('GET /events sends the overview at once and again after a run', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events`, {
      headers: { authorization: 'Bearer viewer' },
      signal: controller.signal,
    });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextEvent = async (): Promise<Any> => {
      for (;;) {
        const match = /event: overview\ndata: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]!);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    };
    const first = await nextEvent();
    expect(Object.keys(first).sort()).toEqual(['overview', 'status']);
    expect(first.overview.health.ok).toBe(true);
    const started = Date.now();
    const run = await post('/api/v1/apps/job/run', 'operator', {});
    expect(run.body.outcome).toBe('ok');
    // The poller looks once a second: within a few events the finished run shows.
    let event = await nextEvent();
    while (!(event.status.apps[0].lastRun?.startedAt >= started)) event = await nextEvent();
    expect(event.status.apps[0].lastRun).toMatchObject({ outcome: 'ok', error: null });
    controller.abort();
    expect(await request('GET', '/api/v1/events')).toMatchObject({ status: 401 });
  });

  it('an open event stream ends when its gateway closes', async () => {
    const second = await startApiGateway(t.daemon, t.call);
    const res = await fetch(`${second.url}/api/v1/events`, { headers: { authorization: 'Bearer admin' } });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: overview')) text += (await reader.read()).value ?? '';
    await second.gateway.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });

  it('openapi.json lists every route of the table, needs no token, and names the bearer scheme', async () => {
    const doc = (await request('GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    for (const route of API_ROUTES) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${path}`).toBeDefined();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
      expect(op.responses['200'].content['application/json'].schema).toBeTypeOf('object');
      const named = op.parameters.map((p: Any) => `${p.in}:${p.name}`);
      for (const param of route.path.match(/:[A-Za-z]+/g) ?? [])
        expect(named).toContain(`path:${param.slice(1)}`);
      for (const key of Object.keys(route.query ?? {})) expect(named).toContain(`query:${key}`);
      expect(op.requestBody !== undefined, `${route.method} ${path} body`).toBe(route.body === true);
    }
    expect(doc.paths['/api/v1/events'].get).toBeDefined();
    const closures =
      doc.paths['/api/v1/calendars/{exchange}/closures'].post.requestBody.content['application/json'].schema;
    expect(closures.required).toEqual(['date', 'name']);
    expect(Object.keys(closures.properties)).not.toContain('exchange');
  });
});
