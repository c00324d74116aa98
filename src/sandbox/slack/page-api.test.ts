import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';
import { type Hook, startHook } from './testkit.ts';

let emu: SlackEmulator;
let hook: Hook;

beforeAll(async () => {
  emu = await startSlackEmulator();
  hook = await startHook(emu.signingSecret, () => ({ body: '처리 중입니다', type: 'text/plain' }));
  emu.requestUrl = hook.url;
});
afterAll(async () => {
  await emu.close();
  await hook.close();
});

interface Snapshot {
  messages: Array<{ text: string }>;
  channels: Array<{ id: string }>;
}

const page = (name: string, body: unknown) =>
  fetch(`${emu.url}/_slack/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('workspace page API', () => {
  it('serves the page and runs a typed slash command through the same code as the tests', async () => {
    const html = await fetch(`${emu.url}/`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<title>Slack sandbox workspace</title>');
    const res = await page('command', {
      user: 'U02SEOYEON',
      channel: 'C01GENERAL',
      line: '/attendance  me today ',
    });
    expect(await res.json()).toEqual({ status: 200, body: '처리 중입니다' });
    expect(hook.requests.at(-1)!.fields).toMatchObject({
      command: '/attendance',
      text: 'me today',
      user_id: 'U02SEOYEON',
    });
  });

  it('shows each user only their own ephemeral messages', async () => {
    const mine = (await (await fetch(`${emu.url}/_slack/api/state?user=U02SEOYEON`)).json()) as Snapshot;
    const other = (await (await fetch(`${emu.url}/_slack/api/state?user=U01MINJUN`)).json()) as Snapshot;
    expect(mine.messages.map((m) => m.text)).toEqual(['처리 중입니다']);
    expect(other.messages).toEqual([]);
    expect(mine.channels.map((c) => c.id)).toEqual(['C01GENERAL', 'C02ATTEND', 'C03RANDOM']);
  });

  it('changes bot membership and the Request URL', async () => {
    const client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logLevel: undefined });
    emu.setBotMember('C03RANDOM', true);
    expect((await client.chat.postMessage({ channel: 'C03RANDOM', text: 'now in' })).ok).toBe(true);
    await page('request-url', { url: 'http://127.0.0.1:1/hooks/slack' });
    expect(emu.requestUrl).toBe('http://127.0.0.1:1/hooks/slack');
    const failed = (await (
      await page('shortcut', { user: 'U01MINJUN', callbackId: 'attendance' })
    ).json()) as {
      status: number;
      error?: string;
    };
    expect(failed.status).toBe(0);
    expect(failed.error).toBeTruthy();
    emu.requestUrl = hook.url;
  });
});
