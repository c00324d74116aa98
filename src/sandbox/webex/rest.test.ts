import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebexEmulator, type WebexEmulator } from './index.ts';
import { apiClient, card } from './testkit.ts';

let emu: WebexEmulator;
let api: ReturnType<typeof apiClient>;
let minaRoom: string;

beforeAll(async () => {
  emu = await startWebexEmulator({ botToken: 'test-bot-token', clock: () => Date.UTC(2026, 11, 5, 9, 0, 0) });
  api = apiClient(emu.apiUrl, emu.botToken);
  minaRoom = emu.directRoom('mina@example.com').id;
});

afterAll(async () => {
  await emu.close();
});

describe('Webex REST: auth and identity', () => {
  it('answers 401 with a Webex error body without a valid Bearer token', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await api('GET', '/people/me', undefined, token);
      expect(res.status).toBe(401);
      expect(res.json['message']).toBe(
        'The request requires a valid access token set in the Authorization request header.',
      );
      expect(res.json['errors']).toEqual([{ description: res.json['message'] }]);
      expect(res.json['trackingId']).toMatch(/^ROUTER_[0-9A-F]{16}$/);
    }
  });

  it('GET /people/me shows the bot with its emails and type bot', async () => {
    const res = await api('GET', '/people/me');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: emu.bot.id,
      emails: ['opsbot@webex.bot'],
      displayName: 'opsbot',
      type: 'bot',
    });
    expect(Buffer.from(emu.bot.id, 'base64url').toString()).toMatch(
      /^ciscospark:\/\/us\/PEOPLE\/[0-9a-f-]{36}$/,
    );
  });

  it('lists rooms: one direct room per person and the group room', async () => {
    const res = await api('GET', '/rooms');
    const items = res.json['items'] as { type: string; title: string }[];
    expect(items.map((r) => [r.type, r.title])).toEqual([
      ['direct', 'Mina Kim'],
      ['direct', 'Joon Park'],
      ['direct', 'Sora Lee'],
      ['group', 'Platform team'],
    ]);
  });
});

describe('Webex REST: POST /messages rules', () => {
  it('needs exactly one of roomId, toPersonId, toPersonEmail', async () => {
    const none = await api('POST', '/messages', { text: 'hi' });
    expect(none.status).toBe(400);
    expect(none.json['message']).toBe('Exactly one of roomId, toPersonId or toPersonEmail must be given');
    const two = await api('POST', '/messages', {
      roomId: minaRoom,
      toPersonEmail: 'mina@example.com',
      text: 'hi',
    });
    expect(two.status).toBe(400);
    const mina = emu.person('mina@example.com');
    for (const target of [
      { roomId: minaRoom },
      { toPersonId: mina.id },
      { toPersonEmail: 'mina@example.com' },
    ]) {
      const ok = await api('POST', '/messages', { ...target, text: 'hello' });
      expect(ok.status).toBe(200);
      expect(ok.json['roomId']).toBe(minaRoom);
    }
    const unknown = await api('POST', '/messages', { toPersonEmail: 'nobody@example.com', text: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('limits text, markdown and html to 7439 bytes each (bytes, not characters)', async () => {
    expect((await api('POST', '/messages', { roomId: minaRoom, text: 'a'.repeat(7439) })).status).toBe(200);
    const long = await api('POST', '/messages', { roomId: minaRoom, markdown: 'a'.repeat(7440) });
    expect(long.status).toBe(400);
    expect(long.json['message']).toBe('markdown is 7440 bytes; the maximum message length is 7439 bytes');
    // 2480 Hangul syllables are 7440 bytes in UTF-8.
    expect((await api('POST', '/messages', { roomId: minaRoom, html: '가'.repeat(2480) })).status).toBe(400);
    expect((await api('POST', '/messages', { roomId: minaRoom, text: '가'.repeat(2479) })).status).toBe(200);
  });

  it('accepts one Adaptive Card up to version 1.3 and refuses two cards, 1.4, or a wrong type', async () => {
    const ok = await api('POST', '/messages', {
      roomId: minaRoom,
      text: 'fallback',
      attachments: [card('1.3')],
    });
    expect(ok.status).toBe(200);
    expect(ok.json['attachments']).toEqual([card('1.3')]);
    const two = await api('POST', '/messages', {
      roomId: minaRoom,
      text: 'x',
      attachments: [card(), card()],
    });
    expect([two.status, two.json['message']]).toEqual([
      400,
      'Only one card attachment is allowed per message',
    ]);
    const v14 = await api('POST', '/messages', { roomId: minaRoom, text: 'x', attachments: [card('1.4')] });
    expect([v14.status, v14.json['message']]).toEqual([
      400,
      'Adaptive Card version "1.4" is not supported; use 1.0 to 1.3',
    ]);
    const noVersion = card();
    delete (noVersion.content as { version?: string }).version;
    expect(
      (await api('POST', '/messages', { roomId: minaRoom, text: 'x', attachments: [noVersion] })).status,
    ).toBe(400);
    const wrongType = { ...card(), content: { ...card().content, type: 'Card' } };
    expect(
      (await api('POST', '/messages', { roomId: minaRoom, text: 'x', attachments: [wrongType] })).status,
    ).toBe(400);
    const wrongContentType = { ...card(), contentType: 'application/json' };
    expect(
      (await api('POST', '/messages', { roomId: minaRoom, text: 'x', attachments: [wrongContentType] }))
        .status,
    ).toBe(400);
  });

  it('refuses an empty message', async () => {
    const res = await api('POST', '/messages', { roomId: minaRoom });
    expect([res.status, res.json['message']]).toEqual([
      400,
      'A message needs text, markdown, html, files or attachments',
    ]);
  });
});

describe('Webex REST: reading and deleting messages', () => {
  it('GET /messages/{id} returns the documented fields; markdown gets a plain text too', async () => {
    const sent = await api('POST', '/messages', {
      toPersonEmail: 'joon@example.com',
      markdown: 'Hi <@personEmail:joon@example.com|Joon>, **done**',
    });
    const got = await api('GET', `/messages/${sent.json['id']}`);
    expect(got.json).toEqual({
      id: sent.json['id'],
      roomId: emu.directRoom('joon@example.com').id,
      roomType: 'direct',
      text: 'Hi Joon, done',
      markdown: 'Hi <@personEmail:joon@example.com|Joon>, **done**',
      personId: emu.bot.id,
      personEmail: 'opsbot@webex.bot',
      mentionedPeople: [emu.person('joon@example.com').id],
      created: '2026-12-05T09:00:00.000Z',
    });
  });

  it('lists a room newest first and deletes the bot’s own messages only', async () => {
    const room = emu.directRoom('sora@example.com').id;
    const a = await api('POST', '/messages', { roomId: room, text: 'first' });
    await api('POST', '/messages', { roomId: room, text: 'second' });
    const list = await api('GET', `/messages?roomId=${encodeURIComponent(room)}&max=5`);
    expect((list.json['items'] as { text: string }[]).map((m) => m.text)).toEqual(['second', 'first']);
    expect((await api('GET', '/messages')).status).toBe(400);
    expect((await api('DELETE', `/messages/${a.json['id']}`)).status).toBe(204);
    expect((await api('GET', `/messages/${a.json['id']}`)).status).toBe(404);
    expect(emu.messagesIn(room).map((m) => m.text)).toEqual(['second']);
    const { message } = await emu.say({ from: 'sora@example.com', direct: true, text: 'mine' });
    expect((await api('DELETE', `/messages/${message.id}`)).status).toBe(403);
  });
});

describe('Webex REST: what a bot may read in a group room', () => {
  it('hides group messages that do not mention the bot, from GET and from the list', async () => {
    const group = emu.state.rooms.find((r) => r.type === 'group')!.id;
    const quiet = await emu.say({ from: 'mina@example.com', roomId: group, text: 'lunch?' });
    const asked = await emu.say({
      from: 'mina@example.com',
      roomId: group,
      text: 'opsbot help',
      mentions: ['opsbot@webex.bot'],
    });
    expect((await api('GET', `/messages/${quiet.message.id}`)).status).toBe(404);
    expect((await api('GET', `/messages/${asked.message.id}`)).json['mentionedPeople']).toEqual([emu.bot.id]);
    const list = await api('GET', `/messages?roomId=${encodeURIComponent(group)}`);
    expect((list.json['items'] as { id: string }[]).map((m) => m.id)).toEqual([asked.message.id]);
    expect(emu.messagesIn(group).map((m) => m.text)).toEqual(['lunch?', 'opsbot help']);
  });
});

describe('Webex REST: faults', () => {
  it('answers 429 with Retry-After seconds the given number of times, then works', async () => {
    emu.fail('POST /messages', { status: 429, retryAfter: 7 }, 2);
    for (let i = 0; i < 2; i += 1) {
      const res = await api('POST', '/messages', { roomId: minaRoom, text: 'x' });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json['message']).toBe('Too Many Requests');
    }
    expect((await api('POST', '/messages', { roomId: minaRoom, text: 'x' })).status).toBe(200);
    expect(
      emu
        .calls('POST /messages')
        .slice(-3)
        .map((c) => c.status),
    ).toEqual([429, 429, 200]);
  });

  it('fails one route with 503 and leaves others alone; slow delays a route', async () => {
    emu.fail('GET /people/me', { status: 503 });
    expect((await api('GET', '/rooms')).status).toBe(200);
    const res = await api('GET', '/people/me');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeNull();
    expect((await api('GET', '/people/me')).status).toBe(200);
    emu.slow('GET /rooms', 80);
    const started = performance.now();
    await api('GET', '/rooms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    emu.clearFaults();
  });
});
