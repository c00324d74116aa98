import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, slackSignature, startSlackEmulator } from './index.ts';
import { reencode } from './signing.ts';
import { type Hook, manualClock, startHook } from './testkit.ts';

describe('v0 signature', () => {
  it('reproduces the Slack docs test vector', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('re-encodes to other bytes with the same meaning', () => {
    expect(reencode('a=%2Fx', false)).toBe('a=%2fx');
    expect(reencode('{"a":1}', true)).toBe('{\n "a": 1\n}');
  });
});

describe('requests to the app', () => {
  const clock = manualClock(1_800_000_000_000);
  let emu: SlackEmulator;
  let hook: Hook;
  beforeAll(async () => {
    emu = await startSlackEmulator({ clock: clock.now, signingSecret: 'a'.repeat(32) });
    hook = await startHook(emu.signingSecret, (req) =>
      req.json?.['type'] === 'url_verification'
        ? { body: String(req.json['challenge']), type: 'text/plain' }
        : { body: JSON.stringify({ text: '확인했습니다' }) },
    );
    emu.requestUrl = hook.url;
  });
  afterAll(async () => {
    await emu.close();
    await hook.close();
  });

  it('sends slash commands form-encoded with every documented field, signed', async () => {
    const res = await emu.slashCommand({
      command: '/attendance',
      text: 'me',
      user: 'U01MINJUN',
      channel: 'C02ATTEND',
    });
    expect(res.status).toBe(200);
    const req = hook.requests.at(-1)!;
    expect(req.signed).toBe(true);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers['x-slack-request-timestamp']).toBe('1800000000');
    expect(Object.keys(req.fields).sort()).toEqual(
      [
        'api_app_id',
        'channel_id',
        'channel_name',
        'command',
        'is_enterprise_install',
        'response_url',
        'team_domain',
        'team_id',
        'text',
        'token',
        'trigger_id',
        'user_id',
        'user_name',
      ].sort(),
    );
    expect(req.fields).toMatchObject({
      command: '/attendance',
      text: 'me',
      user_id: 'U01MINJUN',
      user_name: 'minjun.kim',
      channel_id: 'C02ATTEND',
      channel_name: 'attendance',
      team_id: 'T01SANDBOX',
      is_enterprise_install: 'false',
    });
    expect(req.fields['response_url']).toMatch(new RegExp(`^${emu.url}/response/`));
    // The JSON ack is shown to the user as an ephemeral message.
    expect(emu.messagesIn('C02ATTEND').at(-1)).toMatchObject({
      text: '확인했습니다',
      ephemeral: true,
      user: 'U01MINJUN',
      via: 'ack',
    });
  });

  it('sends interactions as payload=<JSON> and events as JSON envelopes', async () => {
    await emu.globalShortcut({ callbackId: 'attendance', user: 'U02SEOYEON' });
    const shortcut = hook.requests.at(-1)!;
    expect(shortcut.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(shortcut.fields)).toEqual(['payload']);
    expect(shortcut.json).toMatchObject({
      type: 'shortcut',
      callback_id: 'attendance',
      user: { id: 'U02SEOYEON', username: 'seoyeon.lee' },
      team: { id: 'T01SANDBOX', domain: 'sandbox' },
      trigger_id: expect.any(String),
    });
    await emu.event({
      type: 'app_mention',
      user: 'U01MINJUN',
      channel: 'C01GENERAL',
      text: '<@U00OPSBOT> 안녕',
    });
    const event = hook.requests.at(-1)!;
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.signed).toBe(true);
    expect(event.json).toMatchObject({
      type: 'event_callback',
      team_id: 'T01SANDBOX',
      api_app_id: 'A01OPSBOT',
      event_id: expect.stringMatching(/^Ev/),
      event_time: 1800000000,
      event: { type: 'app_mention', user: 'U01MINJUN', channel: 'C01GENERAL', text: '<@U00OPSBOT> 안녕' },
    });
    expect(emu.messagesIn('C01GENERAL').at(-1)).toMatchObject({ author: 'U01MINJUN', via: 'user' });
  });

  it('sends block actions with a response_url and the message they came from', async () => {
    const bot = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'C01GENERAL',
        text: '승인?',
        blocks: [
          {
            type: 'actions',
            block_id: 'b',
            elements: [
              { type: 'button', action_id: 'ok', value: 'yes', text: { type: 'plain_text', text: '승인' } },
            ],
          },
        ],
      }),
    });
    const { ts } = (await bot.json()) as { ts: string };
    await emu.blockAction({
      user: 'U01MINJUN',
      actionId: 'ok',
      blockId: 'b',
      value: 'yes',
      channel: 'C01GENERAL',
      messageTs: ts,
    });
    const payload = hook.requests.at(-1)!.json!;
    expect(payload).toMatchObject({
      type: 'block_actions',
      actions: [{ type: 'button', action_id: 'ok', block_id: 'b', value: 'yes' }],
      container: { type: 'message', message_ts: ts, channel_id: 'C01GENERAL' },
      channel: { id: 'C01GENERAL' },
      message: { ts, text: '승인?' },
    });
    const replaced = await fetch(String(payload['response_url']), {
      method: 'POST',
      body: JSON.stringify({ replace_original: true, text: '승인됨' }),
    });
    expect(replaced.status).toBe(200);
    expect(emu.messagesIn('C01GENERAL').find((m) => m.ts === ts)).toMatchObject({
      text: '승인됨',
      edited: true,
    });
  });

  it('sends message shortcuts with the message, channel and a response_url', async () => {
    const [first] = emu.messagesIn('C01GENERAL');
    await emu.messageShortcut({
      callbackId: 'save',
      user: 'U03JIHO',
      channel: 'C01GENERAL',
      messageTs: first!.ts,
    });
    expect(hook.requests.at(-1)!.json).toMatchObject({
      type: 'message_action',
      callback_id: 'save',
      trigger_id: expect.any(String),
      message_ts: first!.ts,
      channel: { id: 'C01GENERAL', name: 'general' },
      message: { ts: first!.ts, text: first!.text },
      response_url: expect.stringMatching(new RegExp(`^${emu.url}/response/`)),
      user: { id: 'U03JIHO' },
    });
  });

  it('answers url_verification and adds retry headers', async () => {
    const v = await emu.urlVerification();
    expect(v.ok).toBe(true);
    expect(hook.requests.at(-1)!.json).toEqual({
      token: 'sandboxVerificationToken',
      challenge: v.challenge,
      type: 'url_verification',
    });
    await emu.event(
      { type: 'message', user: 'U01MINJUN', channel: 'C01GENERAL', text: 'x' },
      { retry: { num: 2, reason: 'http_timeout' } },
    );
    expect(hook.requests.at(-1)!.headers).toMatchObject({
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });
  });

  it('forges bad signatures on request', async () => {
    await emu.slashCommand(
      { command: '/attendance', user: 'U01MINJUN', channel: 'C02ATTEND' },
      { forge: { secret: 'b'.repeat(32) } },
    );
    expect(hook.requests.at(-1)!.signed).toBe(false);
    await emu.slashCommand(
      { command: '/attendance', user: 'U01MINJUN', channel: 'C02ATTEND' },
      { forge: { timestampOffset: -301 } },
    );
    expect(hook.requests.at(-1)!.headers['x-slack-request-timestamp']).toBe('1799999699');
    expect(hook.requests.at(-1)!.signed).toBe(true);
    await emu.slashCommand(
      { command: '/attendance', user: 'U01MINJUN', channel: 'C02ATTEND' },
      { forge: { reencode: true } },
    );
    const last = hook.requests.at(-1)!;
    expect(last.signed).toBe(false);
    expect(last.fields['command']).toBe('/attendance');
  });
});
