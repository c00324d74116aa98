import { type WebAPIPlatformError, type WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';

let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator();
  client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, rejectRateLimitedCalls: true });
});
afterAll(() => emu.close());

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await call;
  } catch (err) {
    return err as WebAPIPlatformError;
  }
  throw new Error('expected the call to fail');
}

describe('Slack Web API with @slack/web-api', () => {
  it('answers auth.test with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T01SANDBOX', user_id: 'U00OPSBOT', bot_id: 'B01OPSBOT' });
    const call = emu.calls('auth.test').at(-1)!;
    expect(call.contentType).toBe('application/x-www-form-urlencoded');
    expect(call.token).toBe(emu.botToken);
  });

  it('posts a message with blocks, parsed from the JSON string in the form', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*출근* 09:00' } }];
    const res = await client.chat.postMessage({ channel: 'C02ATTEND', text: '출근 09:00', blocks });
    expect(res.ok).toBe(true);
    expect(res.channel).toBe('C02ATTEND');
    expect(res.message).toMatchObject({
      type: 'message',
      subtype: 'bot_message',
      bot_id: 'B01OPSBOT',
      text: '출근 09:00',
      ts: res.ts,
    });
    const [m] = emu.messagesIn('C02ATTEND');
    expect(m).toMatchObject({ ts: res.ts, text: '출근 09:00', blocks, via: 'postMessage', ephemeral: false });
    expect(emu.calls('chat.postMessage').at(-1)!.args['blocks']).toEqual(blocks);
  });

  it('refuses channels that do not exist or that the bot is not in, and empty messages', async () => {
    expect((await platformError(client.chat.postMessage({ channel: 'C99NOPE', text: 'x' }))).data.error).toBe(
      'channel_not_found',
    );
    expect(
      (await platformError(client.chat.postMessage({ channel: 'C03RANDOM', text: 'x' }))).data.error,
    ).toBe('not_in_channel');
    const empty = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C01GENERAL' }),
    });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ ok: false, error: 'no_text' });
  });

  it('accepts JSON bodies too', async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        channel: 'C01GENERAL',
        text: 'json',
        attachments: [{ color: '#36a64f', text: 'ok' }],
      }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C01GENERAL' });
    expect(emu.messagesIn('C01GENERAL').at(-1)).toMatchObject({
      text: 'json',
      attachments: [{ color: '#36a64f', text: 'ok' }],
    });
    expect(emu.calls('chat.postMessage').at(-1)!.contentType).toBe('application/json');
  });

  it('posts ephemeral messages to one user and opens stable DMs', async () => {
    const eph = await client.chat.postEphemeral({
      channel: 'C02ATTEND',
      user: 'U02SEOYEON',
      text: '너만 보여',
    });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emu.messagesIn('C02ATTEND').at(-1)).toMatchObject({
      user: 'U02SEOYEON',
      ephemeral: true,
      via: 'postEphemeral',
    });
    const a = await client.conversations.open({ users: 'U01MINJUN' });
    const b = await client.conversations.open({ users: 'U01MINJUN' });
    expect(a.channel?.id).toMatch(/^D[A-Z0-9]{10}$/);
    expect(b.channel?.id).toBe(a.channel?.id);
    await client.chat.postMessage({ channel: a.channel!.id!, text: 'DM' });
    expect(emu.dmWith('U01MINJUN').map((m) => m.text)).toEqual(['DM']);
    expect((await platformError(client.conversations.open({ users: 'U404' }))).data.error).toBe(
      'user_not_found',
    );
  });

  it('updates the bot message and nothing else', async () => {
    const posted = await client.chat.postMessage({ channel: 'C01GENERAL', text: 'v1' });
    const updated = await client.chat.update({ channel: 'C01GENERAL', ts: posted.ts!, text: 'v2' });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'v2' });
    expect(emu.messagesIn('C01GENERAL').find((m) => m.ts === posted.ts)).toMatchObject({
      text: 'v2',
      edited: true,
    });
    const missing = await platformError(
      client.chat.update({ channel: 'C01GENERAL', ts: '1.000001', text: 'x' }),
    );
    expect(missing.data.error).toBe('message_not_found');
  });

  it('answers bad or missing tokens with invalid_auth / not_authed at HTTP 200', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: emu.apiUrl, rejectRateLimitedCalls: true });
    expect((await platformError(wrong.auth.test())).data.error).toBe('invalid_auth');
    const none = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST' });
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ ok: false, error: 'not_authed' });
    const viaField = await fetch(`${emu.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${emu.botToken}`,
    });
    expect(await viaField.json()).toMatchObject({ ok: true });
    const app = new WebClient(emu.appToken, { slackApiUrl: emu.apiUrl });
    expect((await platformError(app.chat.postMessage({ channel: 'C01GENERAL', text: 'x' }))).data.error).toBe(
      'not_allowed_token_type',
    );
  });

  it('answers unknown methods with unknown_method', async () => {
    expect((await platformError(client.apiCall('chat.nope'))).data.error).toBe('unknown_method');
  });

  it('fails on demand: 429 with Retry-After, errors, 500, and slowness', async () => {
    emu.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    let err: WebAPIRateLimitedError | undefined;
    await client.chat.postMessage({ channel: 'C01GENERAL', text: 'x' }).catch((e: WebAPIRateLimitedError) => {
      err = e;
    });
    expect(err?.code).toBe('slack_webapi_rate_limited_error');
    expect(err?.retryAfter).toBe(7);
    const raw = await fetch(`${emu.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}` },
    });
    expect(raw.status).toBe(200);
    emu.fail('auth.test', { status: 429 });
    const limited = await fetch(`${emu.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    emu.fail('auth.test', { error: 'team_is_limited' }, 2);
    expect((await platformError(client.auth.test())).data.error).toBe('team_is_limited');
    expect((await platformError(client.auth.test())).data.error).toBe('team_is_limited');
    expect((await client.auth.test()).ok).toBe(true);
    emu.fail('auth.test', { status: 500 });
    const five = await fetch(`${emu.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}` },
    });
    expect(five.status).toBe(500);
    emu.slow('auth.test', 150);
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    emu.slow('auth.test', 0);
  });
});
