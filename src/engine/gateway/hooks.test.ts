import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signSandboxBody } from '../../connectors/sandbox/index.ts';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import { BODY_LIMIT, type Harness, HOOK_SECRET, rawRequest, startHarness } from './test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

function signed(body: string) {
  return post('/hooks/sandbox', body, { 'x-opsbot-signature': signSandboxBody(HOOK_SECRET, body) });
}

async function inboxRows() {
  return h.store.inbox.listNew(100);
}

async function inboundCount(result: string) {
  const metric = await h.metrics.inbound.get();
  return (
    metric.values.find((v) => v.labels.result === result && v.labels.connection === 'sandbox')?.value ?? 0
  );
}

describe('POST /hooks/:connection', () => {
  it('accepts a correctly signed event: 200, one inbox row, routed once, stored by the connector', async () => {
    const body = JSON.stringify({ id: 'evt-1', channel: 'ops', user: 'alice', text: 'hello bot' });
    const res = await signed(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });

    const [event] = await h.waitForInbound(1);
    const rows = await inboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ connection: 'sandbox', dedupeKey: 'evt-1', status: 'new' });
    expect(rows[0]?.payload).toMatchObject({
      id: 'evt-1',
      text: 'hello bot',
      replyTo: 'sandbox/channel/ops',
    });
    expect(event).toMatchObject({
      id: 'evt-1',
      connection: 'sandbox',
      type: 'message',
      replyTo: 'sandbox/channel/ops',
      user: 'alice',
      text: 'hello bot',
      inboxId: rows[0]?.id,
    });

    const stored = await h.store.sandbox.list({ connection: 'sandbox' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      destination: 'channel/ops',
      direction: 'in',
      author: 'alice',
      payload: { kind: 'text', text: 'hello bot', eventId: 'evt-1' },
    });
    expect(await inboundCount('accepted')).toBe(1);
  });

  it('rejects a forged signature with 401 and stores nothing', async () => {
    const body = JSON.stringify({ id: 'evt-2', text: 'let me in' });
    const res = await post('/hooks/sandbox', body, {
      'x-opsbot-signature': signSandboxBody('wrong-secret', body),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'bad signature' });
    expect(await inboxRows()).toEqual([]);
    expect(await inboundCount('rejected')).toBe(1);
  });

  it('rejects a signature over different bytes (the JSON re-serialised) with 401', async () => {
    const body = '{"id": "evt-3",  "text": "spaced"}';
    const reserialised = JSON.stringify(JSON.parse(body));
    const res = await post('/hooks/sandbox', body, {
      'x-opsbot-signature': signSandboxBody(HOOK_SECRET, reserialised),
    });
    expect(res.status).toBe(401);
    expect(await inboxRows()).toEqual([]);
  });

  it('rejects a missing signature with 401', async () => {
    const res = await post('/hooks/sandbox', JSON.stringify({ text: 'hi' }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'missing signature' });
    expect(await inboxRows()).toEqual([]);
  });

  it('acks a redelivered event with 200 but stores and routes it once', async () => {
    const body = JSON.stringify({ id: 'evt-dup', text: 'once please' });
    expect((await signed(body)).status).toBe(200);
    await h.waitForInbound(1);
    const second = await signed(body);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true });

    // A later, different event is routed after anything the duplicate could have triggered.
    expect((await signed(JSON.stringify({ id: 'evt-next', text: 'next' }))).status).toBe(200);
    await h.waitForInbound(2);
    expect(h.inbound.map((e) => e.id)).toEqual(['evt-dup', 'evt-next']);
    expect((await inboxRows()).map((r) => r.dedupeKey)).toEqual(['evt-dup', 'evt-next']);
    expect(await inboundCount('duplicate')).toBe(1);
    expect(await h.store.sandbox.list({ connection: 'sandbox' })).toHaveLength(2);
  });

  it('dedupes bodies without an id by their hash', async () => {
    const body = JSON.stringify({ text: 'no id here' });
    expect((await signed(body)).status).toBe(200);
    expect((await signed(body)).status).toBe(200);
    const rows = await inboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 413 for a body over bodyLimit sent with content-length', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(BODY_LIMIT * 4) });
    const res = await rawRequest(`${h.url}/hooks/open`, {
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      chunks: [body],
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'Request body is too large' });
    expect(await inboxRows()).toEqual([]);
  });

  it('answers 413 for a chunked body over bodyLimit with no content-length', async () => {
    const half = 'x'.repeat(BODY_LIMIT);
    const res = await rawRequest(`${h.url}/hooks/open`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: ['{"text":"', half, half, '"}'],
    });
    expect(res.status).toBe(413);
    expect(await inboxRows()).toEqual([]);
  });

  it('accepts a chunked body under bodyLimit', async () => {
    const res = await rawRequest(`${h.url}/hooks/open`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: ['{"id":"chunked",', '"text":"in pieces"}'],
    });
    expect(res.status).toBe(200);
    expect((await inboxRows()).map((r) => r.dedupeKey)).toEqual(['chunked']);
  });

  it('answers 404 for an unknown connection and for one that cannot receive', async () => {
    const unknown = await post('/hooks/nope', '{}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no such connection' });
    const sendOnly = await post('/hooks/mailer', '{}');
    expect(sendOnly.status).toBe(404);
  });

  it('answers 400 for a body that is not JSON, or not the expected shape', async () => {
    const notJson = await post('/hooks/open', '{not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'invalid JSON' });
    const noText = await post('/hooks/open', JSON.stringify({ user: 'bob' }));
    expect(noText.status).toBe(400);
    expect(await noText.json()).toEqual({ error: 'text must be a string' });
    expect(await inboxRows()).toEqual([]);
  });

  it('takes any content type as raw bytes', async () => {
    const res = await post('/hooks/open', JSON.stringify({ id: 'plain', text: 'typed as text' }), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(200);
    expect((await inboxRows()).map((r) => r.dedupeKey)).toEqual(['plain']);
  });
  it('answers 503 when the store fails, yet routes the events it stored before failing', async () => {
    const event = (id: string) => ({ id, type: 'message', replyTo: 'multi/channel/x', user: 'u', text: id });
    h.connectors.set('multi', {
      name: 'multi',
      type: 'test',
      defaultRateLimit: 60,
      capabilities: testCapabilities({ send: false, receive: 'webhook' }),
      receive: {
        mode: 'webhook',
        handle: () => ({ status: 200, body: { ok: true }, events: [event('m1'), event('m2')] }),
      },
    });
    const insert = h.store.inbox.insert.bind(h.store.inbox);
    vi.spyOn(h.store.inbox, 'insert')
      .mockImplementationOnce(insert)
      .mockImplementationOnce(async () => {
        throw new Error('disk I/O error at /var/lib/opsbot');
      });

    // 503, not 500: nothing is wrong with the request, and a sender that retries should.
    const failed = await post('/hooks/multi', '{}');
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({ error: 'not stored: the event could not be stored' });
    await h.waitForInbound(1);

    // The sender's retry finds m1 already stored (not routed again) and stores and routes m2.
    const retried = await post('/hooks/multi', '{}');
    expect(retried.status).toBe(200);
    await h.waitForInbound(2);
    expect(h.inbound.map((e) => e.id)).toEqual(['m1', 'm2']);
    expect((await inboxRows()).map((r) => r.dedupeKey)).toEqual(['m1', 'm2']);
  });
});
