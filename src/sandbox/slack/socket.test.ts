import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';

let emu: SlackEmulator;
let app: SocketModeClient;
const seen: string[] = [];

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
      await ack({ text: `받았습니다: ${body['text']}` });
    },
  );
  app.on(
    'interactive',
    async ({ ack, body }: { ack: (r?: unknown) => Promise<void>; body: Record<string, unknown> }) => {
      seen.push(String(body['type']));
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
