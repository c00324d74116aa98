import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../platform/store/types.ts';
import { SANDBOX_TOKEN_HEADER } from './sandbox-auth.ts';
import { type Harness, SANDBOX_TOKEN, startHarness } from './test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const meta = { idempotencyKey: 'k', attempt: 1 };

/** A call as the sandbox page makes it: with the daemon's token. */
function api(path: string, init: RequestInit = {}) {
  return fetch(`${h.url}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), [SANDBOX_TOKEN_HEADER]: SANDBOX_TOKEN },
  });
}

function sendAsPerson(body: unknown, contentType = 'application/json') {
  return api(`/sandbox/api/send`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
}

/** Reads server-sent events from a fetch body, one frame at a time. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<{ event?: string; id?: string; data?: string; comment?: string }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const out: Record<string, string> = {};
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) out.comment = line.slice(1).trim();
            else out[line.slice(0, line.indexOf(':'))] = line.slice(line.indexOf(':') + 1).trim();
          }
          return out;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    },
    /** Skips frames until a message event, and returns its parsed data. */
    async nextMessage(): Promise<SandboxMessage> {
      for (;;) {
        const frame = await this.next();
        if (frame.event === 'message' && frame.data) return JSON.parse(frame.data);
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('/sandbox', () => {
  it('serves the page as self-contained HTML with a strict CSP', async () => {
    const res = await fetch(`${h.url}/sandbox`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<title>opsbot sandbox</title>');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
    // Message content only ever goes through textContent: nothing in the page parses strings as HTML.
    expect(html).not.toMatch(/\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write/);
  });

  it('lists what the connector sent, by destination', async () => {
    const sandbox = h.connectors.get('open')!;
    await sandbox.send!(
      'channel/ops',
      { kind: 'portable', message: { title: 'Up', text: 'all good' } },
      meta,
    );
    await sandbox.send!('user/kim', { kind: 'native', body: { raw: true } }, meta);

    const rows = await h.store.sandbox.list({ connection: 'open' });
    expect(rows.map((r) => [r.destination, r.direction, r.author])).toEqual([
      ['channel/ops', 'out', 'opsbot'],
      ['user/kim', 'out', 'opsbot'],
    ]);

    const res = await api(`/sandbox/api/messages?connection=open&destination=channel/ops`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ messages: [rows[0]] });

    const after = await api(`/sandbox/api/messages?afterId=${rows[0]!.id}`);
    expect(await after.json()).toEqual({ messages: [rows[1]] });

    const state = await (await api(`/sandbox/api/state`)).json();
    expect(state).toEqual({
      timezone: 'UTC',
      connections: [
        { name: 'sandbox', destinations: ['channel', 'user'] },
        { name: 'open', destinations: ['channel', 'user'] },
      ],
      destinations: [
        { connection: 'open', destination: 'channel/ops', count: 1 },
        { connection: 'open', destination: 'user/kim', count: 1 },
      ],
    });
  });

  it('answers 400 for a non-numeric afterId', async () => {
    const res = await api(`/sandbox/api/messages?afterId=abc`);
    expect(res.status).toBe(400);
  });

  it('streams messages stored after the client connected', async () => {
    const res = await api(`/sandbox/api/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const sse = sseReader(res.body!);
    expect(await sse.next()).toEqual({ retry: '2000' });

    await h.connectors.get('open')!.send!(
      'channel/live',
      { kind: 'portable', message: { text: 'pushed' } },
      meta,
    );
    const message = await sse.nextMessage();
    const [row] = await h.store.sandbox.list({ destination: 'channel/live' });
    expect(message).toEqual(row);
    await sse.cancel();
  });

  it('takes a message typed by a person through the inbox to the apps', async () => {
    const stream = await api(`/sandbox/api/stream`);
    const sse = sseReader(stream.body!);
    await sse.next();

    const res = await sendAsPerson({
      connection: 'open',
      destination: 'channel/ops',
      user: 'kim',
      text: 'status?',
    });
    expect(res.status).toBe(200);
    const { ok, id } = (await res.json()) as { ok: boolean; id: string };
    expect(ok).toBe(true);

    const [event] = await h.waitForInbound(1);
    expect(event).toMatchObject({
      id,
      connection: 'open',
      type: 'message',
      replyTo: 'open/channel/ops',
      user: 'kim',
      text: 'status?',
    });
    const inbox = await h.store.inbox.listNew(10);
    expect(inbox.map((r) => [r.connection, r.dedupeKey, r.id])).toEqual([['open', id, event?.inboxId]]);

    const shown = await sse.nextMessage();
    expect(shown).toMatchObject({
      connection: 'open',
      destination: 'channel/ops',
      direction: 'in',
      author: 'kim',
      payload: { kind: 'text', text: 'status?', eventId: id },
    });
    await sse.cancel();
  });

  it('defaults to the first sandbox connection and a channel for a bare name', async () => {
    const res = await sendAsPerson({ destination: 'general', text: 'hi' });
    expect(res.status).toBe(200);
    const [event] = await h.waitForInbound(1);
    expect(event).toMatchObject({ connection: 'sandbox', replyTo: 'sandbox/channel/general', user: 'guest' });
  });

  it('refuses bad input', async () => {
    const notJson = await sendAsPerson({ destination: 'general', text: 'hi' }, 'text/plain');
    expect(notJson.status).toBe(415);
    const noText = await sendAsPerson({ destination: 'general', text: '  ' });
    expect(noText.status).toBe(400);
    expect(await noText.json()).toEqual({ error: 'text is required' });
    const badKind = await sendAsPerson({ destination: 'room/x', text: 'hi' });
    expect(badKind.status).toBe(400);
    const unknown = await sendAsPerson({ connection: 'mailer', destination: 'general', text: 'hi' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no such sandbox connection' });
    expect(await h.store.inbox.listNew(10)).toEqual([]);
  });
});
