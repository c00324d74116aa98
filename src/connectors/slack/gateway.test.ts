import { afterEach, describe, expect, it } from 'vitest';
import { commandBody, post, type SlackRig, signed, startSlackRig } from './test-harness.ts';

/**
 * Through a real gateway on 127.0.0.1: signatures, the fast ack, modal submits answered from the
 * app's validate. No Web API call happens here, so apiUrl points nowhere.
 */

let rig: SlackRig;
afterEach(async () => {
  await rig?.close();
});

const FORM = {
  title: '근태 등록',
  fields: [
    { name: 'month', type: 'month' as const, label: 'Month', required: true },
    { name: 'password', type: 'secret' as const, label: 'Password', required: true },
  ],
};

function submission(formId: string, trigger: string, month: string) {
  const payload = {
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: 'U1', name: 'mina' },
    trigger_id: trigger,
    token: 'legacy-verification-token',
    view: {
      id: 'V1',
      callback_id: 'opsbot_form',
      private_metadata: formId,
      blocks: [
        { type: 'input', block_id: 'month' },
        { type: 'input', block_id: 'password' },
      ],
      state: {
        values: {
          month: { month: { type: 'plain_text_input', value: month } },
          password: { password: { type: 'plain_text_input', value: 'hunter2-secret' } },
        },
      },
    },
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

describe('slack through the gateway', () => {
  it('answers 200 to a good signature and 401 to forged, missing, stale, future and re-encoded ones', async () => {
    rig = await startSlackRig({ apiUrl: 'http://127.0.0.1:9/api/' });
    const body = commandBody({ command: '/attendance', text: 'me', user_id: 'U1', trigger_id: 't-sig' });
    const now = rig.clock.now();
    const good = signed(body, now);
    const reencoded = { ...good, body: body.replace('%2Fattendance', '%2fattendance') };
    const missing = { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const results = {
      good: (await post(rig.hook, good)).status,
      forged: (await post(rig.hook, signed(body, now, { secret: 'not-the-secret' }))).status,
      missing: (await post(rig.hook, missing)).status,
      stalePast: (await post(rig.hook, signed(body, now - 301_000))).status,
      staleFuture: (await post(rig.hook, signed(body, now + 301_000))).status,
      reencoded: (await post(rig.hook, reencoded)).status,
      sslCheck: (await post(rig.hook, { body: 'ssl_check=1&token=x', headers: missing.headers })).status,
    };
    expect(results).toEqual({
      good: 200,
      forged: 401,
      missing: 401,
      stalePast: 401,
      staleFuture: 401,
      reencoded: 401,
      sslCheck: 200,
    });
    expect(rig.routed.map((e) => e.id)).toEqual(['slack:command:t-sig']);
  });

  it('acks a slash command at once while the app works on it much longer', async () => {
    rig = await startSlackRig({ apiUrl: 'http://127.0.0.1:9/api/' });
    let finish = () => {};
    const working = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let done = false;
    rig.onRouted = () => {
      // The app's handler: busy until the test lets it go (far past Slack's 3 s if never).
      void working.then(() => {
        done = true;
      });
    };
    const body = commandBody({ command: '/attendance', text: 'me', user_id: 'U1', trigger_id: 't-fast' });
    const started = performance.now();
    const answer = await post(rig.hook, signed(body, rig.clock.now()));
    const took = performance.now() - started;
    expect({ status: answer.status, text: answer.text, done }).toEqual({
      status: 200,
      text: '',
      done: false,
    });
    expect(took).toBeLessThan(1500);
    const [event] = await rig.store.inbox.listNew(10).then((rows) => rows.map((r) => r.payload));
    expect(event).toMatchObject({
      id: 'slack:command:t-fast',
      type: 'message',
      text: '/attendance me',
      user: 'U1',
      replyTo: 'slack/user/U1',
      raw: { command: '/attendance', text: 'me', channel_id: 'C1', team_id: 'T1' },
    });
    expect(JSON.stringify(event)).not.toContain('legacy-verification-token');
    finish();
  });

  it('a modal submit gets the app’s field errors, a valid one closes it, and the secret never reaches the inbox', async () => {
    rig = await startSlackRig({ apiUrl: 'http://127.0.0.1:9/api/' });
    const formId = 'form-submit-1';
    await rig.forms.open('attendance', { formId, target: 'slack/user/U1', form: FORM, user: 'U1' });
    rig.app.validate = (s) => (s.values['month'] === '2026-13' ? { month: '없는 달입니다' } : null);

    const bad = await post(rig.hook, signed(submission(formId, 't-1', '2026-13'), rig.clock.now()));
    expect({ status: bad.status, body: JSON.parse(bad.text), type: bad.type }).toEqual({
      status: 200,
      body: { response_action: 'errors', errors: { month: '없는 달입니다' } },
      type: 'application/json; charset=utf-8',
    });
    const shape = await post(rig.hook, signed(submission(formId, 't-2', '11월'), rig.clock.now()));
    expect(JSON.parse(shape.text)).toEqual({
      response_action: 'errors',
      errors: { month: '월을 YYYY-MM 형식으로 입력하세요.' },
    });
    const good = await post(rig.hook, signed(submission(formId, 't-3', '2026-11'), rig.clock.now()));
    expect({ status: good.status, text: good.text }).toEqual({ status: 200, text: '' });
    const again = await post(rig.hook, signed(submission(formId, 't-4', '2026-11'), rig.clock.now()));
    expect(JSON.parse(again.text)).toEqual({
      response_action: 'errors',
      errors: { month: '이미 제출된 양식입니다' },
    });

    await expect.poll(() => rig.app.received.length).toBe(1);
    expect(rig.app.received[0]).toMatchObject({
      formId,
      user: 'U1',
      values: { month: '2026-11', password: 'hunter2-secret' },
    });
    const inbox = JSON.stringify(await rig.store.inbox.listNew(100));
    expect(inbox).toContain('2026-11');
    expect(inbox).not.toContain('hunter2-secret');
    expect(JSON.stringify(await rig.store.forms.get(formId))).not.toContain('hunter2-secret');
  });

  it('an Events API url_verification is answered with the challenge; a retried event is stored once', async () => {
    rig = await startSlackRig({ apiUrl: 'http://127.0.0.1:9/api/' });
    const challenge = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'ch-123' });
    const verified = await post(rig.hook, signed(challenge, rig.clock.now(), { form: false }));
    expect({ status: verified.status, body: JSON.parse(verified.text) }).toEqual({
      status: 200,
      body: { challenge: 'ch-123' },
    });
    const event = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev9',
      event: { type: 'app_mention', text: '<@UBOT> hello', user: 'U1', channel: 'C1', ts: '1.2' },
    });
    const first = signed(event, rig.clock.now(), { form: false });
    const retry = {
      ...first,
      headers: { ...first.headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    };
    expect((await post(rig.hook, first)).status).toBe(200);
    expect((await post(rig.hook, retry)).status).toBe(200);
    await expect.poll(() => rig.routed.length).toBe(1);
    expect(rig.routed[0]).toMatchObject({
      id: 'slack:event:Ev9',
      type: 'message',
      text: 'hello',
      replyTo: 'slack/channel/C1',
    });
  });
});
