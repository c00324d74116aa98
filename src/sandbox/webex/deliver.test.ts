import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebexEmulator, type WebexEmulator, webexSignature } from './index.ts';
import { apiClient, card, type Hook, startHook } from './testkit.ts';

const SECRET = 'hook-secret';
let emu: WebexEmulator;
let api: ReturnType<typeof apiClient>;
let hook: Hook;

async function register(resource: string, body: Record<string, unknown> = {}) {
  const res = await api('POST', '/webhooks', {
    name: `opsbot ${resource}`,
    targetUrl: hook.url,
    resource,
    event: 'created',
    secret: SECRET,
    ...body,
  });
  return res.json['id'] as string;
}

beforeAll(async () => {
  emu = await startWebexEmulator({ clock: () => Date.UTC(2026, 11, 5, 10, 0, 0) });
  api = apiClient(emu.apiUrl, emu.botToken);
});

beforeEach(async () => {
  hook = await startHook(SECRET);
});

afterEach(async () => {
  await emu.settled();
  for (const w of emu.webhooks()) await api('DELETE', `/webhooks/${w.id}`);
  emu.botIdEncoding = 'canonical';
  await hook.close();
});

afterAll(async () => {
  await emu.close();
});

describe('Webex deliveries', () => {
  it('say posts a compact, signed envelope with ids only; the app GETs the text', async () => {
    const hookId = await register('messages');
    const { message, deliveries } = await emu.say({
      from: 'mina@example.com',
      direct: true,
      text: 'tgday 조회',
    });
    expect(deliveries.map((d) => [d.status, d.ok])).toEqual([[200, true]]);
    const [req] = hook.requests;
    expect(req!.signed).toBe(true);
    expect(req!.headers['x-spark-signature']).toBe(webexSignature(SECRET, req!.raw));
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req!.raw).toBe(JSON.stringify(req!.json));
    const mina = emu.person('mina@example.com');
    expect(req!.json).toEqual({
      id: hookId,
      name: 'opsbot messages',
      targetUrl: hook.url,
      resource: 'messages',
      event: 'created',
      orgId: emu.state.orgId,
      createdBy: emu.bot.id,
      appId: emu.state.appId,
      ownedBy: 'creator',
      status: 'active',
      created: '2026-12-05T10:00:00.000Z',
      actorId: mina.id,
      data: {
        id: message.id,
        roomId: emu.directRoom('mina@example.com').id,
        roomType: 'direct',
        personId: mina.id,
        personEmail: 'mina@example.com',
        created: '2026-12-05T10:00:00.000Z',
      },
    });
    const got = await api('GET', `/messages/${message.id}`);
    expect(got.json['text']).toBe('tgday 조회');
  });

  it('sends no signature header when the webhook has no secret', async () => {
    await register('messages', { secret: undefined });
    await emu.say({ from: 'mina@example.com', direct: true, text: 'hi' });
    expect(hook.requests[0]!.headers['x-spark-signature']).toBeUndefined();
  });

  it('forges: wrong secret, missing header, re-serialised body, and a retry of the same bytes', async () => {
    await register('messages');
    await emu.say({ from: 'mina@example.com', direct: true, text: 'a', forge: 'wrong-secret' });
    await emu.say({ from: 'mina@example.com', direct: true, text: 'b', forge: 'no-signature' });
    await emu.say({ from: 'mina@example.com', direct: true, text: 'c', forge: 'reserialized' });
    await emu.say({ from: 'mina@example.com', direct: true, text: 'd', retry: true });
    const [wrong, missing, pretty, first, again] = hook.requests;
    expect(wrong!.headers['x-spark-signature']).toMatch(/^[0-9a-f]{40}$/);
    expect(wrong!.signed).toBe(false);
    expect(missing!.headers['x-spark-signature']).toBeUndefined();
    expect(pretty!.signed).toBe(false);
    expect(pretty!.raw).toBe(JSON.stringify(pretty!.json, null, 2));
    expect(pretty!.headers['x-spark-signature']).toBe(webexSignature(SECRET, JSON.stringify(pretty!.json)));
    expect([first!.signed, again!.signed]).toEqual([true, true]);
    expect(again!.raw).toBe(first!.raw);
    expect(hook.requests).toHaveLength(5);
  });

  it('delivers the bot’s own messages too, with its id in a second encoding when asked (email unchanged)', async () => {
    await register('messages');
    emu.botIdEncoding = 'alternate';
    const sent = await api('POST', '/messages', { toPersonEmail: 'mina@example.com', markdown: '**hello**' });
    await emu.settled();
    expect(hook.requests).toHaveLength(1);
    const data = hook.requests[0]!.json['data'] as Record<string, unknown>;
    expect(data['id']).toBe(sent.json['id']);
    expect(data['personEmail']).toBe('opsbot@webex.bot');
    expect(data['personId']).not.toBe(emu.bot.id);
    expect(Buffer.from(data['personId'] as string, 'base64').toString()).toBe(
      'ciscospark://us/PEOPLE/opsbot@webex.bot',
    );
    expect(hook.requests[0]!.json['actorId']).toBe(data['personId']);
    expect(sent.json['personId']).toBe(data['personId']);
    expect((await api('GET', '/people/me')).json['id']).toBe(emu.bot.id);
  });

  it('hears group rooms only when the bot is mentioned, and applies the webhook filter', async () => {
    const group = emu.state.rooms.find((r) => r.type === 'group')!.id;
    await register('messages', { filter: `roomId=${group}` });
    const silent = await emu.say({ from: 'joon@example.com', roomId: group, text: 'lunch?' });
    expect(silent.deliveries).toEqual([]);
    const direct = await emu.say({ from: 'joon@example.com', direct: true, text: 'hi bot' });
    expect(direct.deliveries).toEqual([]);
    const heard = await emu.say({
      from: 'joon@example.com',
      roomId: group,
      text: 'opsbot help',
      markdown: '<@personEmail:opsbot@webex.bot|opsbot> help',
    });
    expect(heard.deliveries).toHaveLength(1);
    expect(hook.requests[0]!.json['data']).toMatchObject({
      roomType: 'group',
      mentionedPeople: [emu.bot.id],
      personEmail: 'joon@example.com',
    });
  });

  it('submitCard creates an attachment action, delivers attachmentActions:created, and GET shows the inputs', async () => {
    await register('attachmentActions');
    const sent = await api('POST', '/messages', {
      toPersonEmail: 'sora@example.com',
      text: 'form',
      attachments: [card()],
    });
    const { action, deliveries } = await emu.submitCard({
      from: 'sora@example.com',
      messageId: sent.json['id'] as string,
      inputs: { day: '2026-12-24' },
    });
    expect(deliveries).toHaveLength(1);
    const sora = emu.person('sora@example.com');
    expect(hook.requests[0]!.json).toMatchObject({
      resource: 'attachmentActions',
      event: 'created',
      actorId: sora.id,
    });
    expect(hook.requests[0]!.json['data']).toEqual({
      id: action.id,
      type: 'submit',
      messageId: sent.json['id'],
      personId: sora.id,
      roomId: emu.directRoom('sora@example.com').id,
      created: '2026-12-05T10:00:00.000Z',
    });
    const got = await api('GET', `/attachment/actions/${action.id}`);
    expect(got.json).toEqual({
      ...(hook.requests[0]!.json['data'] as object),
      inputs: { day: '2026-12-24' },
    });

    const posted = await api('POST', '/attachment/actions', {
      type: 'submit',
      messageId: sent.json['id'],
      inputs: { day: '2026-12-25' },
    });
    expect(posted.status).toBe(200);
    expect(posted.json).toMatchObject({
      type: 'submit',
      personId: emu.bot.id,
      inputs: { day: '2026-12-25' },
    });
    const plain = await api('POST', '/messages', { toPersonEmail: 'sora@example.com', text: 'no card' });
    const refused = await api('POST', '/attachment/actions', {
      type: 'submit',
      messageId: plain.json['id'],
      inputs: {},
    });
    expect(refused.status).toBe(400);
  });

  it('turns a webhook inactive after 5 consecutive failed deliveries; PUT status active revives it', async () => {
    await hook.close();
    let answer = 500;
    hook = await startHook(SECRET, () => answer);
    const id = await register('messages');
    for (let i = 0; i < 4; i += 1)
      await emu.say({ from: 'mina@example.com', direct: true, text: `try ${i}` });
    answer = 200;
    await emu.say({ from: 'mina@example.com', direct: true, text: 'ok resets the count' });
    answer = 503;
    for (let i = 0; i < 5; i += 1)
      await emu.say({ from: 'mina@example.com', direct: true, text: `fail ${i}` });
    expect(emu.webhooks()[0]!.status).toBe('inactive');
    expect((await api('GET', `/webhooks/${id}`)).json['status']).toBe('inactive');
    expect(emu.deliveries(id).map((d) => d.status)).toEqual([
      500, 500, 500, 500, 200, 503, 503, 503, 503, 503,
    ]);
    const after = await emu.say({ from: 'mina@example.com', direct: true, text: 'nobody listens' });
    expect(after.deliveries).toEqual([]);

    answer = 200;
    await api('PUT', `/webhooks/${id}`, { name: 'opsbot messages', targetUrl: hook.url, status: 'active' });
    const revived = await emu.say({ from: 'mina@example.com', direct: true, text: 'back' });
    expect(revived.deliveries.map((d) => d.status)).toEqual([200]);
    answer = 500;
    await emu.say({ from: 'mina@example.com', direct: true, text: 'one failure only' });
    expect(emu.webhooks()[0]!.status).toBe('active');
  });

  it('counts an unreachable target as a failed delivery with status 0', async () => {
    const id = await register('messages', { targetUrl: 'http://127.0.0.1:9/nothing-listens' });
    const { deliveries } = await emu.say({ from: 'mina@example.com', direct: true, text: 'x' });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ webhookId: id, status: 0, ok: false });
    expect(deliveries[0]!.error).toBeTypeOf('string');
  });
});
