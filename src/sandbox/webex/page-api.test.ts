import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebexEmulator, type WebexEmulator } from './index.ts';

let emu: WebexEmulator;

beforeAll(async () => {
  emu = await startWebexEmulator();
});

afterAll(async () => {
  await emu.close();
});

describe('Webex chat page API', () => {
  it('serves the page and a snapshot of one person’s 1:1 room', async () => {
    const page = await fetch(`${emu.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Webex sandbox</title>');
    await emu.say({
      from: 'joon@example.com',
      direct: true,
      text: 'hi',
      files: [{ filename: 'a.txt', data: 'abc' }],
    });
    const state = (await (await fetch(`${emu.url}/_webex/api/state?as=joon%40example.com`)).json()) as {
      roomId: string;
      messages: { text: string; fromBot: boolean; files: { id: string; filename: string }[] }[];
    };
    expect(state.roomId).toBe(emu.directRoom('joon@example.com').id);
    expect(state.messages.map((m) => [m.fromBot, m.text, m.files.map((f) => f.filename)])).toEqual([
      [false, 'hi', ['a.txt']],
    ]);
    const file = await fetch(`${emu.url}/_webex/api/file/${state.messages[0]!.files[0]!.id}`);
    expect(await file.text()).toBe('abc');
  });

  it('posts as a person only with a JSON content type', async () => {
    const plain = await fetch(`${emu.url}/_webex/api/say`, {
      method: 'POST',
      body: JSON.stringify({ from: 'sora@example.com', text: 'x' }),
    });
    expect(plain.status).toBe(415);
    const ok = await fetch(`${emu.url}/_webex/api/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'sora@example.com', text: 'hello' }),
    });
    expect(await ok.json()).toEqual({ deliveries: [] });
    expect(emu.directWith('sora@example.com').map((m) => m.text)).toEqual(['hello']);
    const bad = await fetch(`${emu.url}/_webex/api/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'nobody@example.com', text: 'x' }),
    });
    expect([bad.status, await bad.json()]).toEqual([
      400,
      { error: 'no person nobody@example.com in the sandbox' },
    ]);
  });
});
