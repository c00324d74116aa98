import { createHmac } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES_MAX } from './chat.ts';
import type { WorksEmulator } from './emulator.ts';
import { api, BOT, serviceToken, start } from './testkit.ts';

interface Received {
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

const USERS = [
  { userId: 'u1', email: 'minjun.kim@example.com', lastName: '김', firstName: '민준' },
  { userId: 'u2', email: 'seoyeon.lee@example.com', lastName: '이', firstName: '서연' },
  { userId: 'u3', email: 'jiho.park@example.com', lastName: '박', firstName: '지호' },
];

let emu: WorksEmulator;
let receiver: Server;
let hookUrl = '';
let hookStatus = 200;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.statusCode = hookStatus;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const addr = receiver.address();
  hookUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hooks/works`;
  emu = await start({ users: USERS, bots: [{ ...BOT, callbackUrl: hookUrl }] });
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => receiver.close(resolve));
});
afterEach(() => {
  hookStatus = 200;
  emu.setCallbackUrl(BOT.botId, hookUrl);
});

function send(body: unknown, contentType = 'application/json') {
  return fetch(`${emu.url}/_chat/api/send`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
}

/** node:http, because fetch will not let a caller choose the Host header. */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(path, emu.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function messages(query: string) {
  const res = await fetch(`${emu.url}/_chat/api/messages?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
}

function lastCallback(): {
  body: Record<string, unknown>;
  signatureOk: boolean;
  headers: Received['headers'];
} {
  const r = received.at(-1)!;
  const expected = createHmac('sha256', BOT.botSecret).update(r.raw).digest('base64');
  return {
    body: JSON.parse(r.raw.toString('utf8')) as Record<string, unknown>,
    signatureOk: r.headers['x-works-signature'] === expected,
    headers: r.headers,
  };
}

describe('chat page routes', () => {
  it('serves the page at / and /chat with a strict CSP', async () => {
    for (const path of ['/', '/chat']) {
      const res = await fetch(`${emu.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain('<script>');
      expect(html).not.toContain('/*SCRIPT*/');
    }
  });

  it('lists users, channels and the callback URL', async () => {
    const state = (await (await fetch(`${emu.url}/_chat/api/state`)).json()) as Record<string, unknown>;
    expect(state['bots']).toEqual([{ botId: BOT.botId, callbackUrl: hookUrl }]);
    expect(state['users']).toContainEqual({ userId: 'u1', email: 'minjun.kim@example.com', name: '김민준' });
    expect(state['channels']).toEqual([
      { channelId: 'room-1', botId: BOT.botId, title: 'Desk', members: ['u1', 'u2', 'u3'] },
    ]);
  });

  it('turns a typed 1:1 message into a callback signed over the raw body', async () => {
    const res = await send({ user: 'u1', text: '휴장일 알려줘' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ delivered: true, status: 200, text: 'delivered 200' });
    const cb = lastCallback();
    expect(cb.signatureOk).toBe(true);
    expect(cb.headers['x-works-botid']).toBe(BOT.botId);
    expect(cb.body).toMatchObject({
      type: 'message',
      source: { userId: 'u1', domainId: 10000001 },
      content: { type: 'text', text: '휴장일 알려줘' },
    });
    expect((cb.body['source'] as Record<string, unknown>)['channelId']).toBeUndefined();
    expect(typeof cb.body['issuedTime']).toBe('string');
  });

  it('sends channel messages, postbacks and begin/join/leave with the documented shapes', async () => {
    await send({ user: 'minjun.kim@example.com', channel: 'room-1', text: '배포 시작' });
    expect(lastCallback().body).toMatchObject({
      type: 'message',
      source: { userId: 'u1', channelId: 'room-1' },
      content: { type: 'text', text: '배포 시작' },
    });
    await send({ user: 'u2', type: 'message', text: '예', postback: 'answer=yes' });
    expect(lastCallback().body['content']).toEqual({ type: 'text', text: '예', postback: 'answer=yes' });
    await send({ user: 'u2', channel: 'room-1', type: 'postback', data: 'action=approve&id=7' });
    expect(lastCallback().body).toMatchObject({
      type: 'postback',
      source: { userId: 'u2', channelId: 'room-1' },
      data: 'action=approve&id=7',
    });
    await send({ user: 'u3', type: 'begin' });
    expect(lastCallback().body).toMatchObject({ type: 'begin', source: { userId: 'u3' } });
    await send({ user: 'u3', channel: 'room-1', type: 'join' });
    expect(lastCallback().body).toMatchObject({ type: 'join', source: { channelId: 'room-1' } });
    expect((lastCallback().body['source'] as Record<string, unknown>)['userId']).toBeUndefined();
    await send({ user: 'u3', channel: 'room-1', type: 'leave' });
    expect(lastCallback().body['type']).toBe('leave');
    expect(lastCallback().signatureOk).toBe(true);
  });

  it('tells the page when the hook refuses, is unreachable or is not configured', async () => {
    hookStatus = 401;
    let res = await send({ user: 'u1', text: 'hi' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ delivered: false, status: 401, text: 'hook answered 401' });

    hookStatus = 200;
    res = await send({ user: 'u1', text: 'forged', signature: 'forged' });
    expect(lastCallback().signatureOk).toBe(false);

    emu.setCallbackUrl(BOT.botId, undefined);
    const before = received.length;
    res = await send({ user: 'u1', text: 'anyone?' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { delivered: boolean; status: number | null; text: string };
    expect(body).toMatchObject({ delivered: false, status: null });
    expect(body.text).toContain('no callback URL');
    expect(received.length).toBe(before);

    // Nothing listens on port 9 of loopback.
    const put = await fetch(`${emu.url}/_chat/api/callback-url`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks/works' }),
    });
    expect(await put.json()).toEqual({ botId: BOT.botId, callbackUrl: 'http://127.0.0.1:9/hooks/works' });
    res = await send({ user: 'u1', text: 'hello?' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { text: string }).text).toMatch(/^hook unreachable \(/);

    // The outcome is kept with the message, so the page shows it beside the text.
    const mine = await messages('user=u1');
    expect(mine.find((m) => m['text'] === 'hi')?.['outcome']).toMatchObject({ text: 'hook answered 401' });
    expect(mine.find((m) => m['text'] === 'anyone?')?.['outcome']).toMatchObject({ status: null });
  });

  it('rejects bad input with a reason', async () => {
    const cases: Array<[unknown, string]> = [
      [{ user: 'nobody', text: 'x' }, 'no user nobody'],
      [{ user: 'u1', text: '  ' }, 'text is required'],
      [{ user: 'u1', channel: 'nope', text: 'x' }, 'not in channel nope'],
      [{ user: 'u1', type: 'join' }, 'join needs a channel'],
      [{ user: 'u1', channel: 'room-1', type: 'begin' }, 'begin is for 1:1'],
      [{ user: 'u1', type: 'postback' }, 'data is required'],
      [{ user: 'u1', type: 'joined' }, 'type must be one of'],
    ];
    for (const [body, reason] of cases) {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(reason);
    }
    expect((await send({ user: 'u1', text: 'x' }, 'text/plain')).status).toBe(415);
    const put = await fetch(`${emu.url}/_chat/api/callback-url`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'javascript:alert(1)' }),
    });
    expect(put.status).toBe(400);
  });

  it("shows the bot's messages in the right conversation, in order", async () => {
    const token = await serviceToken(emu);
    await send({ user: 'u2', text: '안녕하세요' });
    await api(emu, token, 'POST', `/bots/${BOT.botId}/users/u2/messages`, {
      content: { type: 'text', text: '무엇을 도와드릴까요?' },
    });
    await api(emu, token, 'POST', `/bots/${BOT.botId}/users/seoyeon.lee@example.com/messages`, {
      content: { type: 'text', text: 'by email' },
    });
    await api(emu, token, 'POST', `/bots/${BOT.botId}/users/u3/messages`, {
      content: { type: 'text', text: 'for someone else' },
    });
    await api(emu, token, 'POST', `/bots/${BOT.botId}/channels/room-1/messages`, {
      content: { type: 'text', text: 'to the room' },
    });

    const dm = await messages('user=u2');
    const texts = dm.map((m) => (m['from'] === 'bot' ? (m['content'] as { text: string }).text : m['text']));
    expect(texts.slice(-3)).toEqual(['안녕하세요', '무엇을 도와드릴까요?', 'by email']);
    expect(texts).not.toContain('for someone else');
    expect(texts).not.toContain('to the room');
    expect(dm.find((m) => m['text'] === '안녕하세요')).toMatchObject({ from: 'user', name: '이서연' });

    const room = await messages('user=u1&channel=room-1');
    const roomBot = room
      .filter((m) => m['from'] === 'bot')
      .map((m) => (m['content'] as { text: string }).text);
    expect(roomBot).toEqual(['to the room']);
    expect(room.some((m) => m['text'] === '배포 시작')).toBe(true);

    expect((await fetch(`${emu.url}/_chat/api/messages`)).status).toBe(400);
  });

  it('streams a change event when the bot sends something', async () => {
    const res = await fetch(`${emu.url}/_chat/api/stream`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: change');
    const token = await serviceToken(emu);
    await api(emu, token, 'POST', `/bots/${BOT.botId}/users/u1/messages`, {
      content: { type: 'text', text: 'ping' },
    });
    const next = new TextDecoder().decode((await reader.read()).value);
    expect(next).toContain('event: change');
    await reader.cancel();
  });

  it('refuses sends and callback changes addressed to another host or from another site', async () => {
    const port = new URL(emu.url).port;
    const json = { 'content-type': 'application/json' };
    const before = received.length;
    // DNS rebinding: the browser talks to this port but names the attacker's host.
    let r = await rawRequest(
      'POST',
      '/_chat/api/send',
      { ...json, host: `evil.example:${port}` },
      {
        user: 'u1',
        text: 'rebound',
      },
    );
    expect(r.status).toBe(403);
    expect(r.body['error']).toContain('Host "evil.example');
    r = await rawRequest(
      'PUT',
      '/_chat/api/callback-url',
      { ...json, host: `evil.example:${port}` },
      {
        url: 'http://evil.example/steal',
      },
    );
    expect(r.status).toBe(403);
    // Another site's page posting cross-origin.
    r = await rawRequest(
      'POST',
      '/_chat/api/send',
      { ...json, origin: 'https://evil.example' },
      {
        user: 'u1',
        text: 'cross-site',
      },
    );
    expect(r.status).toBe(403);
    expect(r.body['error']).toContain('https://evil.example');
    r = await rawRequest('PUT', '/_chat/api/callback-url', { ...json, origin: 'null' }, { url: '' });
    expect(r.status).toBe(403);
    expect(received.length).toBe(before);
    const state = (await (await fetch(`${emu.url}/_chat/api/state`)).json()) as { bots: unknown[] };
    expect(state.bots).toEqual([{ botId: BOT.botId, callbackUrl: hookUrl }]);

    // The page itself, under any loopback name, still works.
    for (const name of ['127.0.0.1', 'localhost']) {
      r = await rawRequest(
        'POST',
        '/_chat/api/send',
        { ...json, host: `${name}:${port}`, origin: `http://${name}:${port}` },
        { user: 'u1', text: `same origin via ${name}` },
      );
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ delivered: true });
    }
    expect(received.length).toBe(before + 2);
  });

  it('keeps only the newest typed messages in memory', async () => {
    emu.setCallbackUrl(BOT.botId, undefined);
    await send({ user: 'u3', text: 'the oldest' });
    // With no callback URL each send is answered at once, so this stays quick.
    for (let i = 0; i < ENTRIES_MAX; i += 100) {
      const batch = Array.from({ length: 100 }, (_, j) => send({ user: 'u2', text: `filler ${i + j}` }));
      for (const res of await Promise.all(batch)) expect(res.status).toBe(409);
    }
    expect((await messages('user=u3')).some((m) => m['text'] === 'the oldest')).toBe(false);
    expect((await messages('user=u2')).some((m) => m['text'] === `filler ${ENTRIES_MAX - 1}`)).toBe(true);
  });
});
