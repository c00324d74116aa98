import { afterEach, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../sandbox/slack/index.ts';
import { slackConnector } from './index.ts';
import { APP_TOKEN, BOT_TOKEN, type SlackRig, startRigWithEmulator } from './test-harness.ts';

/** The emulator acting as Slack toward the real gateway: what each kind of request becomes. */

const USER = 'U02SEOYEON';
let rig: SlackRig;
let emu: SlackEmulator;
afterEach(async () => {
  await rig?.close();
  await emu?.close();
});

async function start(): Promise<void> {
  ({ rig, emu } = await startRigWithEmulator());
}

const shape = (e: SlackRig['routed'][number]) => ({
  type: e.type,
  user: e.user,
  replyTo: e.replyTo,
  ...(e.text === undefined ? {} : { text: e.text }),
  ...(e.data === undefined ? {} : { data: e.data }),
});

describe('slack requests from the emulator', () => {
  it('url verification, shortcuts, a button, a mention and a plain message become these events', async () => {
    await start();
    expect((await emu.urlVerification()).ok).toBe(true);
    await emu.globalShortcut({ callbackId: 'attendance_register', user: USER });
    const posted = await rig.connector.client!.postMessage('channel/C01GENERAL', { text: '점심 메뉴' });
    await emu.messageShortcut({
      callbackId: 'save_message',
      user: USER,
      channel: 'C01GENERAL',
      messageTs: posted.ts!,
    });
    await emu.blockAction({
      user: USER,
      actionId: 'approve',
      value: 'yes',
      channel: 'C01GENERAL',
      messageTs: posted.ts!,
    });
    await emu.event({ type: 'app_mention', user: USER, channel: 'C01GENERAL', text: '<@U0BOT> 출근' });
    await emu.event({ type: 'message', user: USER, channel: 'C01GENERAL', text: '안녕하세요' });
    // The bot's own post echoed back as an event is left out.
    await emu.event({ type: 'message', bot_id: 'B01', channel: 'C01GENERAL', text: '점심 메뉴' });
    expect(rig.routed.map(shape)).toEqual([
      { type: 'shortcut', user: USER, replyTo: `slack/user/${USER}`, data: 'attendance_register' },
      { type: 'shortcut', user: USER, replyTo: 'slack/channel/C01GENERAL', data: 'save_message' },
      { type: 'action', user: USER, replyTo: 'slack/channel/C01GENERAL', data: 'yes' },
      { type: 'message', user: USER, replyTo: 'slack/channel/C01GENERAL', text: '출근' },
      { type: 'message', user: USER, replyTo: 'slack/channel/C01GENERAL', text: '안녕하세요' },
    ]);
  });

  it("refuses the emulator's forged, stale, future and re-encoded requests", async () => {
    await start();
    const command = (forge?: object) =>
      emu.slashCommand({ command: '/attendance', user: USER, channel: 'C02ATTEND' }, forge ? { forge } : {});
    const statuses = {
      good: (await command()).status,
      forged: (await command({ secret: 'wrong-secret' })).status,
      stale: (await command({ timestampOffset: -301 })).status,
      future: (await command({ timestampOffset: 301 })).status,
      reencoded: (await command({ reencode: true })).status,
    };
    expect(statuses).toEqual({ good: 200, forged: 401, stale: 401, future: 401, reencoded: 401 });
    expect(rig.routed.map((e) => e.text)).toEqual(['/attendance']);
  });

  it('closing a form modal is a form-closed event naming the form', async () => {
    await start();
    await emu.globalShortcut({ callbackId: 'attendance_register', user: USER });
    const delivery = await rig.sendForm(
      `slack/user/${USER}`,
      { title: 'T', fields: [{ name: 'a', type: 'text', label: 'A' }] },
      USER,
    );
    const view = emu.openView(USER);
    await emu.viewClosed({ viewId: view!.id });
    expect(rig.routed.map(shape).at(-1)).toEqual({
      type: 'form-closed',
      user: USER,
      replyTo: `slack/user/${USER}`,
      data: delivery.formId,
    });
  });
});

describe('slack options', () => {
  it('names the key, never the value, and declares socket receiving with an app token', () => {
    const bad = slackConnector.parse({ botToken: 'xoxp-user-token-secret', signingSecret: '' });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'botToken: botToken must be a bot token (xoxb-…)',
      'signingSecret: signingSecret is required',
    ]);
    expect(JSON.stringify(bad)).not.toContain('xoxp-user-token-secret');
    const webhook = slackConnector.parse({ type: 'slack', botToken: BOT_TOKEN, signingSecret: 's' });
    expect(webhook.success && webhook.data['apiUrl']).toBe('https://slack.com/api/');
    expect(slackConnector.capabilities(webhook.success ? webhook.data : {})).toEqual({
      send: true,
      destinations: ['channel', 'user', 'ephemeral', 'response'],
      forms: 'native',
      files: true,
      receive: 'webhook',
      auth: false,
    });
    const socket = slackConnector.parse({
      botToken: BOT_TOKEN,
      signingSecret: 's',
      appToken: APP_TOKEN,
      apiUrl: 'http://127.0.0.1:1/api',
    });
    expect(socket.success && socket.data['apiUrl']).toBe('http://127.0.0.1:1/api/');
    expect(slackConnector.capabilities(socket.success ? socket.data : {}).receive).toBe('socket');
  });
});
