import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import { signBody, type WorksEmulator } from '../../sandbox/naverworks/index.ts';
import { BOT, CLIENT, start } from '../../sandbox/naverworks/testkit.ts';
import { handleWebhook } from '../testing/webhook.ts';
import type { Connector, WebhookAnswer } from '../types.ts';
import { naverworksConnector } from './index.ts';
import { verifyCallback } from './verify.ts';

let emu: WorksEmulator;
let server: Server;
let hookUrl: string;
const results: WebhookAnswer[] = [];

// verify() never touches the store; a stub keeps this suite independent of the database.
const connector: Connector = naverworksConnector.create({
  name: 'works',
  options: { clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, ...BOT },
  store: {} as Store,
  log: silentLogger(),
  clock: { now: Date.now, setTimer: () => () => {}, sleep: async () => {} },
});

beforeAll(async () => {
  emu = await start();
  // A bare HTTP receiver standing in for the gateway: raw bytes and headers, as /hooks/<connection> gets them.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const result = await handleWebhook(connector, { headers: req.headers, rawBody: Buffer.concat(chunks) });
      results.push(result);
      res.statusCode = result.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/works`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => server.close(resolve));
});

const textEvent = {
  type: 'message',
  source: { userId: 'u1', channelId: 'room-1' },
  content: { type: 'text', text: '금일 휴장일 알려줘' },
};

function verifyRaw(raw: string, headers: Record<string, string>): WebhookAnswer {
  return verifyCallback({ connection: 'works', ...BOT }, { headers, rawBody: Buffer.from(raw, 'utf8') });
}

describe('verify', () => {
  it('accepts a correctly signed callback over its raw (spaced, non-ASCII) bytes', async () => {
    expect(await emu.postCallback(hookUrl, BOT.botId, textEvent)).toBe(200);
    const result = results.at(-1);
    expect(result).toMatchObject({
      status: 200,
      body: { ok: true },
      events: [{ type: 'message', replyTo: 'works/channel/room-1', user: 'u1', text: '금일 휴장일 알려줘' }],
    });
  });

  it('accepts a re-serialised body that is still signed over what was sent', async () => {
    expect(await emu.postCallback(hookUrl, BOT.botId, textEvent, { reserialize: true })).toBe(200);
  });

  it.each(['forged', 'missing'] as const)('rejects a %s signature with 401', async (signature) => {
    expect(await emu.postCallback(hookUrl, BOT.botId, textEvent, { signature })).toBe(401);
    expect(results.at(-1)).toMatchObject({
      body: { error: signature === 'missing' ? 'missing signature' : 'bad signature' },
    });
  });

  it('rejects another bot id, a body differing from the signed bytes, and short signatures', () => {
    const raw = JSON.stringify(textEvent);
    const signature = signBody(BOT.botSecret, Buffer.from(raw));
    const good = { 'x-works-botid': BOT.botId, 'x-works-signature': signature };
    expect(verifyRaw(raw, good).status).toBe(200);
    expect(verifyRaw(raw, { ...good, 'x-works-botid': '999' })).toMatchObject({
      status: 401,
      body: { error: 'unknown bot' },
    });
    // Same JSON value, different bytes: the signature no longer matches.
    expect(verifyRaw(JSON.stringify(textEvent, null, 1), good)).toMatchObject({
      status: 401,
      body: { error: 'bad signature' },
    });
    expect(verifyRaw(raw, { ...good, 'x-works-signature': 'AAAA' })).toMatchObject({ status: 401 });
    // Header names in any case (a JP doc example writes X-WORKS-botId).
    expect(verifyRaw(raw, { 'X-WORKS-botId': BOT.botId, 'X-WORKS-Signature': signature }).status).toBe(200);
  });

  it('answers 400 to invalid JSON that is correctly signed', () => {
    const raw = '{"type": "message",';
    const headers = {
      'x-works-botid': BOT.botId,
      'x-works-signature': signBody(BOT.botSecret, Buffer.from(raw)),
    };
    expect(verifyRaw(raw, headers)).toMatchObject({ status: 400, events: [] });
  });

  it('maps postback, 1:1 and membership events; identical bodies share an id', async () => {
    await emu.postCallback(hookUrl, BOT.botId, { type: 'postback', source: { userId: 'u2' }, data: 'ack=1' });
    const postback = results.at(-1);
    expect(postback).toMatchObject({
      status: 200,
      body: { ok: true },
      events: [{ type: 'postback', replyTo: 'works/user/u2', text: 'ack=1', data: 'ack=1' }],
    });
    await emu.postCallback(hookUrl, BOT.botId, {
      type: 'joined',
      source: { channelId: 'room-1' },
      members: ['u4', 'u5'],
    });
    expect(results.at(-1)).toMatchObject({
      status: 200,
      body: { ok: true },
      events: [{ type: 'joined', members: ['u4', 'u5'] }],
    });
    for (const type of ['join', 'leave', 'joined', 'left', 'begin']) {
      await emu.postCallback(hookUrl, BOT.botId, {
        type,
        source: { channelId: 'room-1' },
        issuedTime: 'fixed',
      });
      expect(results.at(-1)).toMatchObject({
        status: 200,
        body: { ok: true },
        events: [{ type, replyTo: 'works/channel/room-1' }],
      });
    }
    const event = { ...textEvent, issuedTime: '2026-01-05T00:00:00.000Z' };
    await emu.postCallback(hookUrl, BOT.botId, event);
    await emu.postCallback(hookUrl, BOT.botId, event);
    const [a, b] = results.slice(-2).map((r) => r.events[0]?.id);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
  });
});
