import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortableMessage } from '../../contracts/message.ts';
import { SEVERITIES } from '../../contracts/message.ts';
import { systemClock } from '../../platform/clock.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import type { WorksEmulator } from '../../sandbox/naverworks/index.ts';
import { BOT, CLIENT, keys, postForm, start } from '../../sandbox/naverworks/testkit.ts';
import type { TypedConnector } from '../define.ts';
import { type Connector, DeliveryError, type OutboundPayload } from '../types.ts';
import { emulatorConnection } from './clients/test-harness.ts';
import type { NaverworksClient } from './index.ts';
import { naverworksConnector } from './index.ts';

let emu: WorksEmulator;
let store: Store;
let dir: string;
let logLines: string[];

beforeEach(async () => {
  emu = await start();
  dir = await mkdtemp(join(tmpdir(), 'opsbot-naverworks-'));
  store = await openStore({ url: 'sqlite', dataDir: dir, masterKey: randomBytes(32) });
  logLines = [];
});
afterEach(async () => {
  await emu.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function connector(options: Record<string, unknown> = {}, name = 'works'): TypedConnector<NaverworksClient> {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return naverworksConnector.create({
    name,
    options: emulatorConnection(emu, { redirectUri: CLIENT.redirectUri, ...options }),
    store,
    log: pino({ level: 'debug' }, sink),
    clock: systemClock,
  });
}

const clientOf = (c: TypedConnector<NaverworksClient>): NaverworksClient => c.client!;
const meta = { idempotencyKey: 'k', attempt: 1 };
const portable = (message: PortableMessage): OutboundPayload => ({ kind: 'portable', message });
const native = (body: unknown): OutboundPayload => ({ kind: 'native', body });
const sendError = async (c: Connector, destination: string, payload: OutboundPayload) => {
  const err = await c.send!(destination, payload, meta).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError & { errorCode?: string };
};

/** Runs the user consent against the emulator and hands the code to the connector. */
async function authorizeUser(c: Connector): Promise<void> {
  const res = await fetch(c.auth!.authorizeUrl('state-1'), { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('state-1');
  const status = await c.auth!.exchangeCode(location.searchParams.get('code') ?? '');
  expect(status).toMatchObject({ flow: 'user', state: 'ok' });
  // 90 days from the exchange, counted down in whole days: 90 in the same millisecond, 89 after.
  expect([89, 90]).toContain(status.refresh?.daysLeft);
}

describe('service account', () => {
  it('mints a token with a JWT and delivers to a channel and a user (email encoded)', async () => {
    const c = connector();
    await c.send!('channel/room-1', portable({ text: 'hello' }), meta);
    await c.send!('user/kim@example.com', portable({ text: '안녕' }), meta);
    expect(emu.state.tokenCalls['jwt-bearer']).toBe(1);
    expect(emu.state.messages.map((m) => [m.kind, m.to, m.content])).toEqual([
      ['channel', 'room-1', { type: 'text', text: 'hello' }],
      ['user', 'kim@example.com', { type: 'text', text: '안녕' }],
    ]);
    const stored = await store.tokens.get('works', 'access');
    expect(emu.state.accessTokens.has(stored?.value ?? '')).toBe(true);
    const info = await clientOf(c).auth.status();
    expect(info).toMatchObject({ flow: 'service-account', state: 'ok', refresh: null });
    expect(info.access?.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.stringify(info)).not.toContain(stored?.value);
  });

  it('renews once after a 401 when the token expires mid-run', async () => {
    const c = connector();
    await c.send!('channel/room-1', portable({ text: 'one' }), meta);
    emu.state.expireAllTokens();
    await c.send!('channel/room-1', portable({ text: 'two' }), meta);
    const sends = emu.state.requests.filter((r) => r.path.endsWith('/messages')).map((r) => r.status);
    expect(sends).toEqual([201, 401, 201]);
    expect(emu.state.tokenCalls['jwt-bearer']).toBe(2);
  });

  it('shares one token request between concurrent callers', async () => {
    const c = connector();
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((t) => c.send!('channel/room-1', portable({ text: t }), meta)),
    );
    expect(emu.state.tokenCalls['jwt-bearer']).toBe(1);
    expect(emu.state.messages).toHaveLength(4);
  });

  it('reuses the stored token after a restart instead of asking again', async () => {
    await connector().send!('channel/room-1', portable({ text: 'one' }), meta);
    await connector().send!('channel/room-1', portable({ text: 'two' }), meta);
    expect(emu.state.tokenCalls['jwt-bearer']).toBe(1);
  });
});

describe('user account', () => {
  it('authorize → code → exchangeCode → send', async () => {
    const c = connector({ auth: 'user' });
    await authorizeUser(c);
    await c.send!('channel/room-1', portable({ text: 'as a user' }), meta);
    expect(emu.state.tokenCalls).toMatchObject({ authorization_code: 1, 'jwt-bearer': 0 });
    expect(emu.state.messages).toHaveLength(1);
  });

  it('persists the rotated refresh token, so a second instance can refresh with it', async () => {
    const first = connector({ auth: 'user' });
    await authorizeUser(first);
    const original = (await store.tokens.get('works', 'refresh'))?.value ?? '';
    emu.state.expireAllTokens();
    await first.send!('channel/room-1', portable({ text: 'after refresh' }), meta);
    const rotated = (await store.tokens.get('works', 'refresh'))?.value ?? '';
    expect(rotated).not.toBe(original);

    // The old refresh token is single-use: keeping it would have broken the next refresh.
    const stale = await postForm(`${emu.authUrl}/token`, {
      grant_type: 'refresh_token',
      refresh_token: original,
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
    expect(stale.status).toBe(400);

    emu.state.expireAllTokens();
    const second = connector({ auth: 'user' });
    await second.send!('channel/room-1', portable({ text: 'second instance' }), meta);
    expect(emu.state.tokenCalls.refresh_token).toBe(3);
    expect(emu.state.messages).toHaveLength(2);
  });

  it('auth.refresh() rotates now, and status counts the refresh token down to the 14-day warning', async () => {
    const c = connector({ auth: 'user' });
    await authorizeUser(c);
    const before = (await store.tokens.get('works', 'refresh'))?.value;
    const [a, b] = await Promise.all([c.auth!.refresh(), clientOf(c).auth.refresh()]);
    // Two refreshes at once share one token call (single flight).
    expect(emu.state.tokenCalls.refresh_token).toBe(1);
    expect(a.state).toBe('ok');
    expect(b.access?.expiresAt).toBe(a.access?.expiresAt);
    expect((await store.tokens.get('works', 'refresh'))?.value).not.toBe(before);

    const rec = await store.tokens.get('works', 'refresh');
    await store.tokens.put({ ...rec!, expiresAt: Date.now() + 10 * 86_400_000 + 60_000 });
    expect(await c.auth!.status()).toMatchObject({
      state: 'expiring',
      refresh: { daysLeft: 10 },
      warning: expect.stringContaining('expires in 10 days'),
    });
    await store.tokens.put({ ...rec!, expiresAt: Date.now() - 1 });
    expect((await c.auth!.status()).state).toBe('expired');
  });

  it('defaults the redirect URI to the gateway callback route', () => {
    const c = naverworksConnector.create({
      name: 'works',
      options: { clientId: 'c', clientSecret: 's', apiUrl: emu.apiUrl, authUrl: emu.authUrl },
      store,
      log: pino({ level: 'silent' }),
      clock: systemClock,
      publicUrl: 'https://bot.example.com',
    });
    const url = new URL(c.auth!.authorizeUrl('s1'));
    expect(url.searchParams.get('redirect_uri')).toBe('https://bot.example.com/oauth/works/callback');
  });

  it('without a refresh token fails for good with WORKS_AUTH', async () => {
    expect(await connector({ auth: 'user' }).auth!.status()).toMatchObject({
      state: 'needs-login',
      warning: 'no refresh token: run "opsbot auth login works"',
    });
    const err = await sendError(connector({ auth: 'user' }), 'channel/room-1', portable({ text: 'x' }));
    expect(err.retryable).toBe(false);
    expect((err.cause as { code?: string }).code).toBe('WORKS_AUTH');
  });
});

describe('errors', () => {
  it('429 → retryable with retryAfterMs from ratelimit-reset', async () => {
    emu.inject({ path: '/messages', status: 429, times: 1, headers: { 'RateLimit-Reset': '7' } });
    const err = await sendError(connector(), 'channel/room-1', portable({ text: 'x' }));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7000, status: 429 });
  });

  it('503 → retryable, honouring Retry-After', async () => {
    emu.inject({ path: '/messages', status: 503, times: 1, headers: { 'retry-after': '3' } });
    const err = await sendError(connector(), 'channel/room-1', portable({ text: 'x' }));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 3000, status: 503 });
  });

  it('400 → not retryable, with code and description', async () => {
    const err = await sendError(connector(), 'channel/room-1', native({ type: 'text', text: '' }));
    expect(err).toMatchObject({ retryable: false, status: 400, errorCode: 'INVALID_PARAMETER' });
    expect(err.message).toContain('content.text');
  });

  it('a bad destination or a wrong client secret is not retried', async () => {
    expect((await sendError(connector(), 'room-1', portable({ text: 'x' }))).retryable).toBe(false);
    const err = await sendError(
      connector({ clientSecret: 'wrong-secret' }),
      'channel/room-1',
      portable({ text: 'x' }),
    );
    expect(err).toMatchObject({ retryable: false, status: 401 });
    expect(err.message).toContain('invalid_client');
  });

  it('never puts a secret or token into an error message or a log line', async () => {
    const c = connector();
    const messages: string[] = [];
    await c.send!('channel/room-1', portable({ text: 'ok' }), meta);
    const token = (await store.tokens.get('works', 'access'))?.value ?? '';
    // A server that echoes the token back must not get it into the outbox's lastError.
    emu.inject({
      path: '/messages',
      status: 500,
      times: 1,
      body: { code: 'X', description: `bad ${token}` },
    });
    messages.push((await sendError(c, 'channel/room-1', portable({ text: 'x' }))).message);
    messages.push((await sendError(c, 'channel/room-1', native({ type: 'nope' }))).message);
    const wrong = connector({ clientSecret: 'another-secret-value' }, 'works-2');
    messages.push((await sendError(wrong, 'channel/room-1', portable({ text: 'x' }))).message);
    const parsed = naverworksConnector.options.safeParse({
      clientId: 'c',
      clientSecret: CLIENT.clientSecret,
      privateKey: 'not-a-key-but-secret',
      botSecret: 42,
    });
    messages.push(JSON.stringify(parsed.error?.issues));
    const secrets = [
      CLIENT.clientSecret,
      'another-secret-value',
      'not-a-key-but-secret',
      keys.privateKey,
      BOT.botSecret,
      ...emu.state.accessTokens.keys(),
      ...emu.state.refreshTokens.keys(),
    ];
    expect(messages.join('\n')).toContain('[redacted]');
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [...messages, ...logLines]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe('content', () => {
  const uri = { type: 'uri', label: 'Open', uri: 'https://example.com' };
  const bubble = {
    type: 'bubble',
    body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '금일 휴장일' }] },
  };
  const NATIVE: Record<string, unknown>[] = [
    { type: 'text', text: '안녕하세요' },
    { type: 'link', contentText: 'Report', linkText: 'open', link: 'https://example.com' },
    { type: 'sticker', packageId: '1', stickerId: '2' },
    {
      type: 'image',
      previewImageUrl: 'https://x.example/p.png',
      originalContentUrl: 'https://x.example/o.png',
    },
    { type: 'file', fileId: 'file-1' },
    { type: 'button_template', contentText: 'Pick', actions: [uri] },
    { type: 'list_template', coverData: { title: 'Cover' }, elements: [{ title: 'A', action: uri }] },
    { type: 'carousel', columns: [{ text: 'one', actions: [uri] }] },
    { type: 'image_carousel', columns: [{ originalContentUrl: 'https://x.example/a.png', action: uri }] },
    { type: 'flex', altText: 'alert', contents: bubble },
    // Quick replies ride on any type.
    {
      type: 'text',
      text: 'Acknowledge?',
      quickReply: {
        items: [
          { action: { type: 'postback', label: 'Ack', data: 'ack:1', displayText: 'Ack' } },
          { action: { type: 'message', label: 'Later', text: 'later' } },
        ],
      },
    },
  ];

  it.each(NATIVE.map((c) => [c['type'], c]))(
    'native %s is sent as-is (bare and wrapped)',
    async (_t, content) => {
      const c = connector();
      await c.send!('channel/room-1', native(content), meta);
      await c.send!('user/u1', native({ content }), meta);
      expect(emu.state.messages.map((m) => m.content)).toEqual([content, content]);
    },
  );

  it.each(SEVERITIES)('portable %s renders to flex the API accepts', async (severity) => {
    const c = connector();
    await c.send!(
      'channel/room-1',
      portable({
        title: `Disk ${severity}`,
        text: 'db-1 is at 91%',
        severity,
        fields: [
          { name: 'Host', value: 'db-1' },
          { name: 'Empty', value: '' },
        ],
        links: [{ label: 'A runbook label longer than twenty chars', url: 'https://runbooks.example/disk' }],
      }),
      meta,
    );
    const content = emu.state.messages[0]?.content as Record<string, unknown>;
    expect(content['type']).toBe('flex');
    expect(content['altText']).toBe(`Disk ${severity}`);
  });
});

describe('forms and capabilities', () => {
  const delivery = {
    formId: 'f-1',
    form: {
      title: '휴가 신청',
      text: '날짜를 골라 주세요',
      fields: [{ name: 'day', type: 'date' as const, label: 'Day' }],
    },
    url: 'https://bot.example.com/forms/tok-1',
    expiresAt: Date.parse('2030-01-01T00:00:00Z'),
  };

  it('declares link forms: a form goes out as a button template that opens the signed page', async () => {
    const c = connector();
    expect(c.capabilities).toMatchObject({ send: true, forms: 'link', receive: 'webhook', auth: true });
    await c.send!('channel/room-1', { kind: 'form', form: delivery }, meta);
    expect(emu.state.messages[0]?.content).toEqual({
      type: 'button_template',
      contentText: '휴가 신청\n날짜를 골라 주세요',
      actions: [{ type: 'uri', label: '양식 열기', uri: 'https://bot.example.com/forms/tok-1' }],
    });
  });

  it('a form without its page URL goes dead; a native body that is not an object goes dead', async () => {
    const c = connector();
    const noUrl = await sendError(c, 'channel/room-1', {
      kind: 'form',
      form: { ...delivery, url: undefined },
    });
    expect({ retryable: noUrl.retryable, message: noUrl.message }).toEqual({
      retryable: false,
      message: 'a form for NAVER WORKS needs its signed page URL (http.publicUrl)',
    });
    const text = await sendError(c, 'channel/room-1', native('just text'));
    expect(text.retryable).toBe(false);
    expect(text.message).toMatch(/^not a naverworks message body: /);
    expect(emu.state.messages).toEqual([]);
  });

  it('without botId the connection cannot send, show forms or receive, and has no send()', () => {
    const c = connector({ botId: undefined, botSecret: undefined });
    expect(c.capabilities).toMatchObject({ send: false, forms: false, receive: false, auth: true });
    expect(c.send).toBeUndefined();
  });
});
