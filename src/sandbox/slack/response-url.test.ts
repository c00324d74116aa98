import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from './index.ts';
import { type Hook, manualClock, startHook } from './testkit.ts';

const clock = manualClock();
let emu: SlackEmulator;
let hook: Hook;

beforeAll(async () => {
  emu = await startSlackEmulator({ clock: clock.now });
  hook = await startHook(emu.signingSecret);
  emu.requestUrl = hook.url;
});
afterAll(async () => {
  await emu.close();
  await hook.close();
});

async function responseUrl(): Promise<string> {
  await emu.slashCommand({ command: '/attendance', user: 'U02SEOYEON', channel: 'C01GENERAL' });
  return hook.requests.at(-1)!.fields['response_url']!;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('response_url', () => {
  it('posts ephemeral by default and in_channel on request', async () => {
    const url = await responseUrl();
    expect((await post(url, { text: '나만' })).status).toBe(200);
    expect(emu.messagesIn('C01GENERAL').at(-1)).toMatchObject({
      text: '나만',
      ephemeral: true,
      user: 'U02SEOYEON',
      via: 'response_url',
    });
    await post(url, { text: '모두', response_type: 'in_channel', blocks: [{ type: 'divider' }] });
    const last = emu.messagesIn('C01GENERAL').at(-1)!;
    expect(last).toMatchObject({ text: '모두', ephemeral: false, blocks: [{ type: 'divider' }] });
    expect(last.user).toBeUndefined();
    const empty = await post(url, {});
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ ok: false, error: 'no_text' });
  });

  it('works five times, then answers 404 used_url', async () => {
    const url = await responseUrl();
    for (let i = 1; i <= 5; i++) expect((await post(url, { text: `#${i}` })).status).toBe(200);
    const sixth = await post(url, { text: '#6' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });

  it('expires 30 minutes after it was issued', async () => {
    const url = await responseUrl();
    clock.advance(30 * 60 * 1000);
    expect((await post(url, { text: 'just in time' })).status).toBe(200);
    clock.advance(1);
    const late = await post(url, { text: 'late' });
    expect(late.status).toBe(404);
    expect(await late.json()).toEqual({ ok: false, error: 'expired_url' });
    expect((await post(`${emu.url}/response/nope`, { text: 'x' })).status).toBe(404);
  });
});
