import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { openStore } from '../../platform/store/open.ts';
import type { SandboxMessage, Store } from '../../platform/store/types.ts';
import { handleWebhook, tellReceived } from '../testing/webhook.ts';
import { DeliveryError } from '../types.ts';
import { sandboxConnector, sandboxFeed, signSandboxBody } from './index.ts';

let store: Store;
let dataDir: string;
const clock = new FakeClock('2026-03-02T09:00:00Z');
const meta = { idempotencyKey: 'k-1', attempt: 1 };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'opsbot-sandbox-'));
  store = await openStore({ url: 'sqlite', dataDir, masterKey: Buffer.alloc(32, 3) });
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

function create(options: Record<string, unknown> = {}) {
  return sandboxConnector.create({ name: 'play', options, store, log: silentLogger(), clock });
}

function request(body: string, headers: Record<string, string> = {}) {
  return { headers, rawBody: Buffer.from(body) };
}

describe('sandbox connector', () => {
  it('declares what it can do', () => {
    const c = create();
    expect(c).toMatchObject({
      name: 'play',
      type: 'sandbox',
      defaultRateLimit: 6000,
      capabilities: {
        send: true,
        destinations: ['channel', 'user'],
        forms: 'native',
        files: false,
        receive: 'webhook',
        auth: false,
      },
    });
    expect(c.receive?.mode).toBe('webhook');
    expect(sandboxConnector.options.safeParse({ secret: 's3' }).success).toBe(true);
    expect(sandboxConnector.options.safeParse({ secret: 42 }).success).toBe(false);
  });

  it('stores a sent message as an outbound row and publishes it', async () => {
    const c = create();
    const published: SandboxMessage[] = [];
    const stop = sandboxFeed(store).subscribe((m) => published.push(m));
    const payload = {
      kind: 'portable' as const,
      message: { title: 'Disk', text: 'full', severity: 'error' as const },
    };
    await c.send!('channel/ops', payload, meta);
    stop();

    const rows = await store.sandbox.list();
    expect(rows).toEqual([
      {
        id: rows[0]!.id,
        connection: 'play',
        destination: 'channel/ops',
        direction: 'out',
        author: 'opsbot',
        payload,
        createdAt: clock.now(),
      },
    ]);
    expect(published).toEqual(rows);
  });

  it('refuses a destination kind it does not have, without retry', async () => {
    const err = await create().send!('room/x', { kind: 'native', body: {} }, meta).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect(await store.sandbox.list()).toEqual([]);
  });

  it('verifies a body without a secret, with defaults for channel, user and id', async () => {
    const body = JSON.stringify({ text: 'hi' });
    const result = await handleWebhook(create(), request(body));
    expect(result).toEqual({
      status: 200,
      body: { ok: true },
      events: [
        {
          id: createHash('sha256').update(body).digest('hex'),
          type: 'message',
          replyTo: 'play/channel/general',
          user: 'guest',
          text: 'hi',
          raw: { text: 'hi' },
        },
      ],
    });
  });

  it('requires a valid HMAC signature when a secret is set', async () => {
    const c = create({ secret: 'shh' });
    const body = JSON.stringify({ id: 'e1', channel: 'ops', user: 'kim', text: 'deploy?' });
    const good = await handleWebhook(
      c,
      request(body, { 'x-opsbot-signature': signSandboxBody('shh', body) }),
    );
    expect(good.events[0]).toMatchObject({ id: 'e1', replyTo: 'play/channel/ops', user: 'kim' });

    expect(await handleWebhook(c, request(body))).toEqual({
      status: 401,
      body: { error: 'missing signature' },
      events: [],
    });
    expect(
      await handleWebhook(c, request(body, { 'x-opsbot-signature': signSandboxBody('other', body) })),
    ).toEqual({ status: 401, body: { error: 'bad signature' }, events: [] });
    expect(await handleWebhook(c, request(body, { 'x-opsbot-signature': 'sha256=abc' }))).toEqual({
      status: 401,
      body: { error: 'bad signature' },
      events: [],
    });
    const tampered = body.replace('deploy?', 'deploy!');
    expect(
      await handleWebhook(c, request(tampered, { 'x-opsbot-signature': signSandboxBody('shh', body) })),
    ).toEqual({ status: 401, body: { error: 'bad signature' }, events: [] });
  });

  it('answers 400 for invalid JSON and wrong shapes', async () => {
    const c = create();
    expect(await handleWebhook(c, request('nope'))).toEqual({
      status: 400,
      body: { error: 'invalid JSON' },
      events: [],
    });
    expect(await handleWebhook(c, request('[1]'))).toEqual({
      status: 400,
      body: { error: 'expected a JSON object' },
      events: [],
    });
    expect(await handleWebhook(c, request('{"text":5}'))).toEqual({
      status: 400,
      body: { error: 'text must be a string' },
      events: [],
    });
    expect(await handleWebhook(c, request('{"text":"a","user":7}'))).toEqual({
      status: 400,
      body: { error: 'user must be a non-empty string' },
      events: [],
    });
  });

  it('stores a received event as an inbound message from its user', async () => {
    const c = create();
    await tellReceived(c, {
      id: 'e9',
      connection: 'play',
      type: 'message',
      replyTo: 'play/user/lee',
      user: 'lee',
      text: 'ping',
      receivedAt: 1234,
    });
    const rows = await store.sandbox.list();
    expect(rows).toEqual([
      {
        id: rows[0]!.id,
        connection: 'play',
        destination: 'user/lee',
        direction: 'in',
        author: 'lee',
        payload: { kind: 'text', text: 'ping', eventId: 'e9' },
        createdAt: 1234,
      },
    ]);
  });

  it('keeps the feeds of two stores apart', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'opsbot-sandbox-'));
    const other = await openStore({ url: 'sqlite', dataDir: otherDir, masterKey: Buffer.alloc(32, 3) });
    const mine: number[] = [];
    const theirs: number[] = [];
    const stopMine = sandboxFeed(store).subscribe((m) => mine.push(m.id));
    const stopTheirs = sandboxFeed(other).subscribe((m) => theirs.push(m.id));
    await create().send!('channel/a', { kind: 'native', body: { n: 1 } }, meta);
    stopMine();
    stopTheirs();
    await other.close();
    await rm(otherDir, { recursive: true, force: true });
    expect(mine).toHaveLength(1);
    expect(theirs).toEqual([]);
  });
});
