import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';

let emu: SlackEmulator;
let app: SocketModeClient;
const seen: string[] = [];
let lastTrigger = '';

beforeAll(async () => {
  emu = await startSlackEmulator();
  emu.transport = 'socket';
  app = new SocketModeClient({
    appToken: emu.appToken,
    clientOptions: { slackApiUrl: emu.apiUrl },
    clientPingTimeout: 200,
    logLevel: LogLevel.ERROR,
  });
  app.on(
    'slash_commands',
    async ({ ack, body }: { ack: (r?: unknown) => Promise<void>; body: Record<string, string> }) => {
      seen.push(`${body['command']} ${body['text']}`);
      lastTrigger = body['trigger_id']!;
      await ack({ text: `받았습니다: ${body['text']}` });
    },
  );
  app.on(
    'interactive',
    async ({ ack, body }: { ack: (r?: unknown) => Promise<void>; body: Record<string, unknown> }) => {
      seen.push(String(body['type']));
      if (body['type'] === 'view_submission') {
        await ack({ response_action: 'errors', errors: { month: '형식: yyyyMM' } });
        return;
      }
      await ack();
    },
  );
  await app.start();
});
afterAll(async () => {
  await app.disconnect();
  await emu.close();
});

describe('Socket Mode with @slack/socket-mode', () => {
  it('connects with the app token only', async () => {
    expect(emu.socketConnections).toBe(1);
    const call = emu.calls('apps.connections.open')[0]!;
    expect(call.token).toBe(emu.appToken);
    const withBot = await fetch(`${emu.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}` },
    });
    expect(await withBot.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });

  it('delivers a slash command envelope and reads the ack payload', async () => {
    const res = await emu.slashCommand({
      command: '/attendance',
      text: 'me',
      user: 'U01MINJUN',
      channel: 'C02ATTEND',
    });
    expect(seen).toContain('/attendance me');
    expect(res).toMatchObject({
      status: 200,
      json: { text: '받았습니다: me' },
      envelopeId: expect.any(String),
    });
    expect(emu.messagesIn('C02ATTEND').at(-1)).toMatchObject({
      text: '받았습니다: me',
      ephemeral: true,
      via: 'ack',
    });
    const shortcut = await emu.globalShortcut({ callbackId: 'attendance', user: 'U01MINJUN' });
    expect(shortcut).toMatchObject({ status: 200, body: '' });
    expect(seen).toContain('shortcut');
  });

  it('applies a view_submission ack payload from the socket as field errors', async () => {
    await emu.slashCommand({
      command: '/attendance',
      text: 'modal',
      user: 'U02SEOYEON',
      channel: 'C02ATTEND',
    });
    const web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logLevel: LogLevel.ERROR });
    const opened = await web.views.open({
      trigger_id: lastTrigger,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: '근태' },
        submit: { type: 'plain_text', text: '제출' },
        blocks: [
          {
            type: 'input',
            block_id: 'month',
            label: { type: 'plain_text', text: '월' },
            element: { type: 'plain_text_input', action_id: 'm' },
          },
        ],
      },
    });
    const viewId = opened.view!.id!;
    const result = await emu.submitView({ viewId, values: { month: '12월' } });
    expect(seen).toContain('view_submission');
    expect(result.outcome).toEqual({ action: 'errors', errors: { month: '형식: yyyyMM' }, viewId });
    expect(emu.view(viewId)!.errors).toEqual({ month: '형식: yyyyMM' });
  });

  it('reconnects after disconnect(refresh_requested)', async () => {
    await emu.disconnect('refresh_requested');
    await emu.waitForSocketConnections(2);
    expect(emu.socketConnections).toBe(2);
    expect(emu.calls('apps.connections.open').filter((c) => !c.error)).toHaveLength(2);
    const res = await emu.slashCommand({
      command: '/attendance',
      text: 'again',
      user: 'U01MINJUN',
      channel: 'C02ATTEND',
    });
    expect(res.json).toEqual({ text: '받았습니다: again' });
  });
});
