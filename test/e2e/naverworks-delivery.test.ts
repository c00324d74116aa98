import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, spacedJson, type WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { Project, until } from '../helpers/cli.ts';
import { BOT, BOT_APP, freePort, startEmulator, writeWorksProject } from '../helpers/works.ts';

/**
 * Service account through the real daemon: outbox delivery under a 429 storm, and bot callbacks on
 * /hooks/works with good, forged, missing, replayed and re-serialised signatures and an oversized body.
 */

describe('NAVER WORKS service account, delivery and callbacks, end to end', () => {
  const project = new Project();
  let emu: WorksEmulator;
  let url = '';

  beforeAll(async () => {
    const port = await freePort();
    emu = await startEmulator(port);
    project.write('bot.ts', BOT_APP);
    writeWorksProject(project, emu, { port, auth: 'service-account' });
    expect((await project.run('start', '--wait')).code).toBe(0);
    url = (await project.status()).url;
  });
  afterAll(async () => {
    await project.cleanup();
    await emu.close();
  });

  const hook = () => `${url}/hooks/works`;
  const texts = () => emu.state.messages.map((m) => (m.content as { text?: string }).text);

  it('a 429 storm: every message arrives exactly once, and no call comes before ratelimit-reset', async () => {
    emu.inject({ path: '/messages', status: 429, times: 6, headers: { 'ratelimit-reset': '1' } });
    const res = await fetch(`${url}/apps/bot/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 20, to: 'works/channel/room-1' }),
    });
    expect(res.status).toBe(202);
    await until('all 20 delivered', () => emu.state.messages.length === 20, 60_000);
    expect(texts().sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 1}`).sort());
    expect(emu.state.tokenCalls['jwt-bearer']).toBe(1);

    const sends = emu.state.requests.filter((r) => r.path.endsWith('/messages'));
    expect(sends.filter((r) => r.status === 429)).toHaveLength(6);
    // After a 429 the connection pauses for ratelimit-reset (1 s): apart from calls already on their
    // way when the answer came (a short grace), nothing starts inside that second.
    for (const limited of sends.filter((r) => r.status === 429)) {
      const early = sends.filter((r) => r.startedAt > limited.at + 200 && r.startedAt < limited.at + 950);
      expect(early).toEqual([]);
    }
    const list = JSON.parse((await project.run('outbox', 'list', '--json', '--limit', '100')).stdout) as {
      depth: Record<string, number>;
    };
    expect(list.depth).toMatchObject({ pending: 0, sending: 0, dead: 0 });
  });

  it('a good callback reaches the app, which replies through the outbox', async () => {
    const before = emu.state.messages.length;
    const status = await emu.postCallback(hook(), BOT.botId, {
      type: 'message',
      source: { userId: 'u1', channelId: 'room-1' },
      content: { type: 'text', text: '안녕 봇' },
    });
    expect(status).toBe(200);
    await until('reply', () => emu.state.messages.length === before + 1);
    expect(emu.state.messages.at(-1)).toMatchObject({
      kind: 'channel',
      to: 'room-1',
      content: { type: 'text', text: 'echo: 안녕 봇' },
    });

    expect(
      await emu.postCallback(hook(), BOT.botId, {
        type: 'postback',
        source: { userId: 'u1' },
        data: 'ack:7',
      }),
    ).toBe(200);
    await until('postback reply', () => emu.state.messages.length === before + 2);
    const flex = emu.state.messages.at(-1);
    expect(flex).toMatchObject({
      kind: 'user',
      to: 'u1',
      content: { type: 'flex', altText: expect.stringContaining('clicked') },
    });
  });

  it('apps reach the directory and calendar clients, and send files through the attachments flow', async () => {
    const res = await fetch(`${url}/apps/bot/lookup?name=${encodeURIComponent('김민준')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ users: ['minjun.kim@example.com'], events: 0 });

    const before = emu.state.messages.length;
    expect((await fetch(`${url}/apps/bot/file`, { method: 'POST' })).status).toBe(202);
    await until('file message', () => emu.state.messages.length === before + 1);
    const content = emu.state.messages.at(-1)?.content as { type: string; fileId: string };
    expect(content.type).toBe('file');
    expect(emu.state.attachments.get(content.fileId)?.bytes?.toString()).toBe('weekly report');
  });

  it('forged, missing and wrong-bot signatures get 401 and reach nobody', async () => {
    const before = emu.state.messages.length;
    const event = { type: 'message', source: { userId: 'u1' }, content: { type: 'text', text: 'evil' } };
    expect(await emu.postCallback(hook(), BOT.botId, event, { signature: 'forged' })).toBe(401);
    expect(await emu.postCallback(hook(), BOT.botId, event, { signature: 'missing' })).toBe(401);
    const raw = Buffer.from(spacedJson(event));
    const wrongBot = await fetch(hook(), {
      method: 'POST',
      headers: {
        'x-works-botid': '999',
        'x-works-signature': signBody(BOT.botSecret, raw),
        'content-type': 'application/json',
      },
      body: raw,
    });
    expect(wrongBot.status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect(emu.state.messages.length).toBe(before);
  });

  it('a body re-serialised after signing is refused; a compact body signed as sent is accepted', async () => {
    const event = {
      type: 'message',
      source: { userId: 'u2' },
      content: { type: 'text', text: '한글 ok' },
      issuedTime: 'x1',
    };
    const signed = Buffer.from(spacedJson(event));
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(signed.toString())));
    const res = await fetch(hook(), {
      method: 'POST',
      headers: {
        'x-works-botid': BOT.botId,
        'x-works-signature': signBody(BOT.botSecret, signed),
        'content-type': 'application/json',
      },
      body: reserialised,
    });
    expect(res.status).toBe(401);
    expect(
      await emu.postCallback(hook(), BOT.botId, { ...event, issuedTime: 'x2' }, { reserialize: true }),
    ).toBe(200);
  });

  it('a replayed callback is acknowledged but handled once', async () => {
    const before = emu.state.messages.length;
    const event = {
      type: 'message',
      source: { userId: 'u1' },
      content: { type: 'text', text: 'once' },
      issuedTime: '2026-11-22T00:00:00.000Z',
    };
    expect(await emu.postCallback(hook(), BOT.botId, event)).toBe(200);
    expect(await emu.postCallback(hook(), BOT.botId, event)).toBe(200);
    await until('reply', () => emu.state.messages.length >= before + 1);
    await new Promise((r) => setTimeout(r, 700));
    expect(
      emu.state.messages.filter((m) => (m.content as { text?: string }).text === 'echo: once'),
    ).toHaveLength(1);
  });

  it('an oversized body gets 413 before any verification', async () => {
    const huge = Buffer.alloc(1_048_576 + 10, 0x20);
    const res = await fetch(hook(), {
      method: 'POST',
      headers: {
        'x-works-botid': BOT.botId,
        'x-works-signature': signBody(BOT.botSecret, huge),
        'content-type': 'application/json',
      },
      body: huge,
    });
    expect(res.status).toBe(413);
  });
});
