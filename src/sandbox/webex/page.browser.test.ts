import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../browser.ts';
import { startWebexEmulator, type WebexEmulator } from './index.ts';
import { type Hook, type HookRequest, startHook } from './testkit.ts';

const SCREENSHOT = '/tmp/webex-chat-page.png';
const SECRET = 'page-test-secret';

let emu: WebexEmulator;
let hook: Hook;
let browser: Browser;
let page: Page;
const seenInputs: Record<string, unknown>[] = [];

/** A tiny stand-in app written from the Webex docs: verify, skip itself, GET the message, answer. */
function fakeApp(apiUrl: string, token: string, me: { email: string }) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(path.startsWith('http') ? path : `${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res;
  };
  const handle = async (req: HookRequest) => {
    const data = req.json['data'] as Record<string, string>;
    if (req.json['resource'] === 'messages') {
      if (data['personEmail'] === me.email) return;
      const message = (await (await call('GET', `/messages/${data['id']}`)).json()) as {
        text: string;
        roomId: string;
        files?: string[];
      };
      if (message.files?.length) {
        const file = await call('GET', message.files[0]!);
        const name = /filename="([^"]+)"/.exec(file.headers.get('content-disposition') ?? '')?.[1];
        const size = (await file.arrayBuffer()).byteLength;
        await call('POST', '/messages', {
          roomId: message.roomId,
          markdown: `got **${name}** (${size} bytes)`,
        });
        return;
      }
      if (message.text.includes('tgday')) {
        await call('POST', '/messages', {
          roomId: message.roomId,
          text: 'Pick your TG day',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: {
                type: 'AdaptiveCard',
                version: '1.3',
                body: [
                  { type: 'TextBlock', text: 'TG day registration', weight: 'Bolder' },
                  { type: 'FactSet', facts: [{ title: 'Deadline', value: 'the 3rd' }] },
                  { type: 'Input.Date', id: 'day', label: 'Day' },
                  { type: 'Input.Time', id: 'from', label: 'From', value: '09:00' },
                  { type: 'Input.Number', id: 'hours', label: 'Hours', value: 8 },
                  { type: 'Input.Text', id: 'note', label: 'Note', isMultiline: true },
                  {
                    type: 'Input.ChoiceSet',
                    id: 'kind',
                    label: 'Kind',
                    choices: [
                      { title: 'Team day', value: 'team' },
                      { title: 'Day off', value: 'off' },
                    ],
                  },
                  { type: 'Input.Toggle', id: 'notify', title: 'Remind me', valueOn: 'yes', valueOff: 'no' },
                ],
                actions: [{ type: 'Action.Submit', title: 'Register', data: { form: 'tgday' } }],
              },
            },
          ],
        });
        return;
      }
      await call('POST', '/messages', { roomId: message.roomId, markdown: `You said *${message.text}*` });
    } else if (req.json['resource'] === 'attachmentActions') {
      const action = (await (await call('GET', `/attachment/actions/${data['id']}`)).json()) as {
        roomId: string;
        inputs: Record<string, string>;
      };
      seenInputs.push(action.inputs);
      await call('POST', '/messages', {
        roomId: action.roomId,
        markdown: `Registered **${action.inputs['day']}** (${action.inputs['kind']}, remind: ${action.inputs['notify']})`,
      });
    }
  };
  return (req: HookRequest) => {
    if (!req.signed) return 401;
    setTimeout(() => void handle(req), 0);
    return 200;
  };
}

beforeAll(async () => {
  ({ browser, page } = await openBrowserPage('the Webex chat page browser test'));
  emu = await startWebexEmulator();
  hook = await startHook(SECRET, fakeApp(emu.apiUrl, emu.botToken, { email: emu.bot.emails[0]! }));
  for (const resource of ['messages', 'attachmentActions']) {
    const res = await fetch(`${emu.apiUrl}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'fake app',
        targetUrl: hook.url,
        resource,
        event: 'created',
        secret: SECRET,
      }),
    });
    expect(res.status).toBe(200);
  }
});

afterAll(async () => {
  await browser?.close();
  await emu?.close();
  await hook?.close();
});

describe('Webex chat page in a browser', () => {
  it('chats with the bot, fills and submits its Adaptive Card, and attaches a file', async () => {
    const pageError = new Promise<never>((_, reject) => {
      page.on('pageerror', (err) => reject(new Error(`error in the chat page: ${err.message}`)));
    });
    pageError.catch(() => {});
    const see = (locator: Locator, state: 'visible' | 'attached' = 'visible') =>
      Promise.race([locator.waitFor({ state, timeout: 10_000 }), pageError]);

    await page.goto(`${emu.url}/`);
    await see(page.locator('#person option', { hasText: 'Joon Park' }), 'attached');
    await page.selectOption('#person', 'joon@example.com');
    await page.fill('#text', 'hello');
    await page.press('#text', 'Enter');
    await see(page.locator('.msg.bot em', { hasText: 'hello' }));

    await page.fill('#text', 'tgday please');
    await page.click('#send');
    const form = page.locator('.msg.bot form.card');
    await see(form);
    expect(await form.locator('.tb.bold').textContent()).toBe('TG day registration');
    expect(await form.locator('dl.facts').textContent()).toBe('Deadlinethe 3rd');
    await page.fill('[aria-label="day"]', '2026-12-24');
    // A reply arriving while the card is half filled must not wipe what was typed.
    await fetch(`${emu.apiUrl}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ toPersonEmail: 'joon@example.com', text: 'reminder: the 3rd' }),
    });
    await see(page.locator('.msg.bot', { hasText: 'reminder: the 3rd' }));
    expect(await page.inputValue('[aria-label="day"]')).toBe('2026-12-24');
    await page.fill('[aria-label="note"]', '가족 행사');
    await page.selectOption('[aria-label="kind"]', 'off');
    await page.check('[aria-label="notify"]');
    await form.locator('button.submit', { hasText: 'Register' }).click();
    await see(page.locator('.msg.bot strong', { hasText: '2026-12-24' }));
    expect(seenInputs).toEqual([
      {
        day: '2026-12-24',
        from: '09:00',
        hours: '8',
        note: '가족 행사',
        kind: 'off',
        notify: 'yes',
        form: 'tgday',
      },
    ]);
    expect(await page.locator('.msg.bot').last().textContent()).toContain(
      'Registered 2026-12-24 (off, remind: yes)',
    );

    await page.setInputFiles('#file', {
      name: 'weekly.pptx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('slide'),
    });
    await page.fill('#text', 'my report');
    await page.click('#send');
    await see(page.locator('.msg.bot', { hasText: 'got weekly.pptx (5 bytes)' }));
    await see(page.locator('.msg.me a.file', { hasText: 'weekly.pptx' }));

    const joon = emu.directWith('joon@example.com');
    expect(joon.map((m) => [m.fromBot, m.text])).toEqual([
      [false, 'hello'],
      [true, 'You said hello'],
      [false, 'tgday please'],
      [true, 'Pick your TG day'],
      [true, 'reminder: the 3rd'],
      [true, 'Registered 2026-12-24 (off, remind: yes)'],
      [false, 'my report'],
      [true, 'got weekly.pptx (5 bytes)'],
    ]);
    // The bot's own messages reached the hook too, and the app ignored them.
    await emu.settled();
    const botEvents = hook.requests.filter(
      (r) => (r.json['data'] as Record<string, string>)['personEmail'] === emu.bot.emails[0],
    );
    expect(botEvents).toHaveLength(5);

    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
