import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait-for.ts';
import { MINA, startWebexRig, TOKEN, type WebexRig } from './test-harness.ts';

/**
 * Through a real gateway: the connection registers its webhooks with the emulator, and the emulator,
 * acting as Webex, delivers signed (and spoiled) envelopes to /hooks/webex.
 */

let rig: WebexRig;
afterEach(async () => {
  await rig?.close();
});

const mutations = (rig: WebexRig, since: number) =>
  rig.emu
    .webhookCalls()
    .slice(since)
    .filter((c) => c.kind !== 'list' && c.kind !== 'get')
    .map((c) => c.kind);

async function restCall(rig: WebexRig, method: string, path: string, body?: unknown) {
  const answer = await fetch(`${rig.emu.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await answer.json()) as Record<string, unknown>;
}

describe('webex webhook registration (setup)', () => {
  it('creates its two hooks, then a restart changes nothing, and a new publicUrl updates each hook once; others are untouched', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    const other = await restCall(rig, 'POST', '/webhooks', {
      name: 'someone-else',
      targetUrl: 'http://127.0.0.1:9/other',
      resource: 'messages',
      event: 'created',
    });
    const sibling = await restCall(rig, 'POST', '/webhooks', {
      name: 'opsbot:webex2:messages',
      targetUrl: 'http://127.0.0.1:9/sibling',
      resource: 'messages',
      event: 'created',
    });
    const stale = await restCall(rig, 'POST', '/webhooks', {
      name: 'opsbot:webex:memberships',
      targetUrl: `${rig.url}/hooks/webex`,
      resource: 'memberships',
      event: 'created',
    });
    const before = rig.emu.webhookCalls().length;
    await rig.connector.setup!();
    expect(mutations(rig, before)).toEqual(['create', 'create', 'delete']);
    expect(rig.emu.webhookCalls().at(-1)?.id).toBe(stale['id']);
    const own = rig.emu.webhooks().filter((h) => h.name.startsWith('opsbot:webex:'));
    expect(own.map((h) => [h.name, h.resource, h.event, h.targetUrl, h.secret, h.status])).toEqual([
      [
        'opsbot:webex:messages',
        'messages',
        'created',
        `${rig.url}/hooks/webex`,
        'configured-hook-secret',
        'active',
      ],
      [
        'opsbot:webex:attachmentActions',
        'attachmentActions',
        'created',
        `${rig.url}/hooks/webex`,
        'configured-hook-secret',
        'active',
      ],
    ]);

    const second = rig.emu.webhookCalls().length;
    await rig.restart().setup!();
    expect(mutations(rig, second)).toEqual([]);

    const moved = rig.url.replace('127.0.0.1', 'localhost');
    const third = rig.emu.webhookCalls().length;
    await rig.restart({ publicUrl: moved }).setup!();
    expect(mutations(rig, third)).toEqual(['update', 'update']);
    expect(
      rig.emu
        .webhooks()
        .filter((h) => h.name.startsWith('opsbot:webex:'))
        .map((h) => h.targetUrl),
    ).toEqual([`${moved}/hooks/webex`, `${moved}/hooks/webex`]);
    const others = rig.emu.webhooks().filter((h) => h.id === other['id'] || h.id === sibling['id']);
    expect(others.map((h) => [h.name, h.targetUrl])).toEqual([
      ['someone-else', 'http://127.0.0.1:9/other'],
      ['opsbot:webex2:messages', 'http://127.0.0.1:9/sibling'],
    ]);
    expect(
      rig.emu
        .webhookCalls()
        .filter((c) => c.id === other['id'] || c.id === sibling['id'])
        .map((c) => c.kind),
    ).toEqual(['create', 'create']);
  });

  it('re-activates an inactive hook with one update, and deliveries arrive again', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const hook = rig.emu.state.webhooks.find((h) => h.name === 'opsbot:webex:messages')!;
    hook.status = 'inactive';
    const before = rig.emu.webhookCalls().length;
    await rig.restart().setup!();
    expect(
      rig.emu
        .webhookCalls()
        .slice(before)
        .filter((c) => c.kind === 'update')
        .map((c) => [c.id, c.body?.['status']]),
    ).toEqual([[hook.id, 'active']]);
    expect(mutations(rig, before)).toEqual(['update']);
    expect(hook.status).toBe('active');
    const { deliveries } = await rig.emu.say({ from: MINA, direct: true, text: '다시 들리나요' });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
  });

  it('without a configured secret, makes one on first setup, keeps it encrypted, and reuses it after a restart', async () => {
    rig = await startWebexRig();
    await rig.connector.setup!();
    const kept = await rig.store.connectorState('webex/webex').get<string>('webhook-secret');
    expect(kept).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(rig.emu.webhooks().map((h) => h.secret)).toEqual([kept, kept]);
    // Kept encrypted: no file of the store holds it in the clear.
    for (const file of await readdir(rig.dataDir, { recursive: true, withFileTypes: true })) {
      if (file.isFile())
        expect((await readFile(join(file.parentPath, file.name))).includes(kept!)).toBe(false);
    }
    const before = rig.emu.webhookCalls().length;
    await rig.restart().setup!();
    expect(mutations(rig, before)).toEqual([]);
    const { deliveries } = await rig.emu.say({ from: MINA, direct: true, text: '안녕' });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
  });

  it('without a publicUrl, registers nothing and says why', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    const before = rig.emu.webhookCalls().length;
    await rig.restart({ publicUrl: undefined }).setup!();
    expect(rig.emu.webhookCalls().slice(before)).toEqual([]);
  });
});

describe('webex inbound through the gateway', () => {
  it('a signed message becomes one event with the text read back; forged, unsigned and re-serialised ones get 401', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const { message, deliveries } = await rig.emu.say({ from: MINA, direct: true, text: '티지데이 조회' });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    await waitFor('routing', () => rig.routed.length === 1);
    const room = rig.emu.directRoom(MINA);
    const { inboxId: _inboxId, receivedAt: _receivedAt, ...event } = rig.routed[0]!;
    expect(event).toEqual({
      id: `webex:message:${message.id}`,
      connection: 'webex',
      type: 'message',
      text: '티지데이 조회',
      user: MINA,
      replyTo: `webex/room/${room.id}`,
      raw: { roomType: 'direct', personId: rig.emu.person(MINA).id },
    });
    for (const forge of ['wrong-secret', 'no-signature', 'reserialized'] as const) {
      const spoiled = await rig.emu.say({ from: MINA, direct: true, text: `spoiled ${forge}`, forge });
      expect(spoiled.deliveries.map((d) => d.status)).toEqual([401]);
    }
    const again = await rig.emu.say({ from: MINA, direct: true, text: '두 번', retry: true });
    expect(again.deliveries.map((d) => d.status)).toEqual([200, 200]);
    await waitFor('routing', () => rig.routed.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rig.routed.map((e) => e.text)).toEqual(['티지데이 조회', '두 번']);
  });

  it("the bot's own messages are ignored, also when its id comes in another encoding", async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const room = rig.emu.directRoom(MINA);
    const send = (text: string) =>
      rig.connector.send!(
        `room/${room.id}`,
        { kind: 'portable', message: { text } },
        { idempotencyKey: text, attempt: 1 },
      );
    await send('canonical id');
    rig.emu.botIdEncoding = 'alternate';
    await send('alternate id');
    await rig.emu.settled();
    const own = rig.emu.deliveries().filter((d) => d.resource === 'messages');
    expect(own.map((d) => d.status)).toEqual([200, 200]);
    expect(rig.emu.calls('GET /messages/{id}')).toEqual([]);
    expect(rig.routed).toEqual([]);
    expect(rig.emu.messagesIn(room.id).map((m) => m.markdown)).toEqual(['canonical id', 'alternate id']);
  });

  it('in a group room the leading mention of the bot is removed', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const group = rig.emu.state.rooms.find((r) => r.type === 'group')!;
    await rig.emu.say({
      from: MINA,
      roomId: group.id,
      text: 'opsbot 업무 보고',
      mentions: ['opsbot@webex.bot'],
    });
    await waitFor('routing', () => rig.routed.length === 1);
    expect(rig.routed.map((e) => [e.text, e.replyTo, (e.raw as { roomType: string }).roomType])).toEqual([
      ['업무 보고', `webex/room/${group.id}`, 'group'],
    ]);
  });

  it('a message with a file carries its URL, and the client downloads the bytes with the token', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    await rig.connector.setup!();
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x41]);
    const { message } = await rig.emu.say({
      from: MINA,
      direct: true,
      text: '주간 보고',
      files: [{ filename: '2026_12_1주차_mina.pptx', data: bytes }],
    });
    await waitFor('routing', () => rig.routed.length === 1);
    const url = `${rig.emu.apiUrl}/contents/${rig.emu.state.messages.find((m) => m.id === message.id)!.files[0]}`;
    expect(rig.routed[0]?.files).toEqual([url]);
    const file = await rig.connector.client!.download(url);
    expect({ ...file, data: Buffer.from(file.data) }).toEqual({
      filename: '2026_12_1주차_mina.pptx',
      contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      data: bytes,
    });
    await expect(rig.connector.client!.download('https://files.example.com/contents/x')).rejects.toThrow(
      'webex download: files.example.com is not a Webex host; the bot token is not sent there',
    );
  });

  it('the client sends a file as multipart and knows the bot', async () => {
    rig = await startWebexRig({ webhookSecret: 'configured-hook-secret' });
    const room = rig.emu.directRoom(MINA);
    const sent = await rig.connector.client!.sendFile({
      to: `person/${MINA}`,
      filename: 'tgday.csv',
      data: new TextEncoder().encode('이름,날짜\n미나,2026-12-24\n'),
      markdown: '12월 tgday 종합입니다',
    });
    const [stored] = rig.emu.messagesIn(room.id);
    expect(sent).toEqual({ messageId: stored!.id });
    expect(stored!.markdown).toBe('12월 tgday 종합입니다');
    const file = rig.emu.state.files.get(stored!.files[0]!);
    expect([file?.filename, file?.bytes.toString('utf8')]).toEqual([
      'tgday.csv',
      '이름,날짜\n미나,2026-12-24\n',
    ]);
    expect(await rig.connector.client!.me()).toEqual({ id: rig.emu.bot.id, emails: ['opsbot@webex.bot'] });
  });
});
