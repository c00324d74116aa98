import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../browser.ts';
import type { WorksEmulator } from './emulator.ts';
import { api, BOT, serviceToken, start } from './testkit.ts';

const SCREENSHOT = '/tmp/works-chat-page.png';
const USERS = [
  { userId: 'u1', email: 'minjun.kim@example.com', lastName: '김', firstName: '민준' },
  { userId: 'u2', email: 'seoyeon.lee@example.com', lastName: '이', firstName: '서연' },
];

let emu: WorksEmulator;
let receiver: Server;
let browser: Browser;
let page: Page;
const callbacks: Array<Record<string, unknown>> = [];
let waiters: Array<() => void> = [];

/** Resolves once the hook has received `count` verified callbacks. */
async function callbacksReceived(count: number): Promise<Array<Record<string, unknown>>> {
  while (callbacks.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  return callbacks;
}

beforeAll(async () => {
  ({ browser, page } = await openBrowserPage('the chat page browser test'));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = createHmac('sha256', BOT.botSecret).update(raw).digest('base64');
      const ok = req.headers['x-works-signature'] === expected;
      if (ok) callbacks.push(JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
      res.statusCode = ok ? 200 : 401;
      res.end();
      for (const wake of waiters) wake();
      waiters = [];
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const addr = receiver.address();
  const hookUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hooks/works`;
  emu = await start({ users: USERS, bots: [{ ...BOT, callbackUrl: hookUrl }] });
});

afterAll(async () => {
  await browser?.close();
  await emu?.close();
  if (receiver) await new Promise((resolve) => receiver.close(resolve));
});

describe('NAVER WORKS chat page in a browser', () => {
  it('sends typed messages and postbacks as callbacks, and shows what the bot sends live', async () => {
    // A script error fails the test at once, with its message, instead of as a wait that times out.
    const pageError = new Promise<never>((_, reject) => {
      page.on('pageerror', (err) => reject(new Error(`error in the chat page: ${err.message}`)));
    });
    pageError.catch(() => {});
    const see = (locator: Locator) => Promise.race([locator.waitFor(), pageError]);

    await page.goto(`${emu.url}/`);
    await see(page.locator('#live-text', { hasText: 'live' }));
    expect(await page.inputValue('#me')).toBe('u1');
    expect(await page.locator('#rooms button').allTextContents()).toEqual([
      `1:1 with bot ${BOT.botId}`,
      '# Desk',
    ]);

    await page.fill('#text', '오늘 휴장이야?');
    await page.press('#text', 'Enter');
    let [cb] = await callbacksReceived(1);
    expect(cb).toMatchObject({
      type: 'message',
      source: { userId: 'u1' },
      content: { type: 'text', text: '오늘 휴장이야?' },
    });
    const mine = page.locator('.msg.mine', { hasText: '오늘 휴장이야?' });
    await see(mine.locator('.outcome.ok', { hasText: 'delivered 200' }));
    expect(await page.inputValue('#text')).toBe('');

    const token = await serviceToken(emu);
    const sendToU1 = (content: Record<string, unknown>) =>
      api(emu, token, 'POST', `/bots/${BOT.botId}/users/u1/messages`, { content });
    expect(
      (await sendToU1({ type: 'text', text: '<img src=x onerror=alert(1)> 오늘은 개장일입니다' })).status,
    ).toBe(201);
    await see(page.locator('.msg.bot', { hasText: '오늘은 개장일입니다' }));
    // Bot text is text: the would-be tag shows literally and creates no element.
    expect(await page.locator('#messages img').count()).toBe(0);

    await sendToU1({
      type: 'button_template',
      contentText: '배포를 승인할까요?',
      actions: [
        { type: 'postback', label: '승인', data: 'deploy=approve', displayText: '승인합니다' },
        { type: 'message', label: '나중에', text: '나중에 할게요' },
      ],
    });
    await sendToU1({
      type: 'flex',
      altText: 'Disk almost full',
      contents: {
        type: 'bubble',
        header: {
          type: 'box',
          layout: 'vertical',
          backgroundColor: '#D97706',
          contents: [{ type: 'text', text: 'Disk almost full', color: '#FFFFFF' }],
        },
        body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'db-1 is at 91%' }] },
      },
    });
    const header = page.locator('.flex-header', { hasText: 'Disk almost full' });
    await see(header);
    expect(await header.getAttribute('style')).toContain('background-color: rgb(217, 119, 6)');
    await see(page.locator('.flex-block', { hasText: 'db-1 is at 91%' }));

    await page.locator('button.action', { hasText: '승인' }).click();
    [, cb] = await callbacksReceived(2);
    expect(cb).toMatchObject({ type: 'postback', source: { userId: 'u1' }, data: 'deploy=approve' });
    await see(page.locator('.msg.mine', { hasText: '[postback deploy=approve]' }));

    await page.locator('button.action', { hasText: '나중에' }).click();
    [, , cb] = await callbacksReceived(3);
    expect(cb).toMatchObject({ type: 'message', content: { type: 'text', text: '나중에 할게요' } });

    // In the channel: messages carry channelId, and join goes out as an event.
    await page.locator('#rooms button', { hasText: '# Desk' }).click();
    await page.fill('#text', '배포 끝');
    await page.click('#send');
    [, , , cb] = await callbacksReceived(4);
    expect(cb).toMatchObject({ type: 'message', source: { userId: 'u1', channelId: 'room-1' } });
    await page.click('#ev-join');
    [, , , , cb] = await callbacksReceived(5);
    expect(cb).toMatchObject({ type: 'join', source: { channelId: 'room-1' } });

    // A hook that refuses shows up on the page, so a misconfigured secret is visible.
    emu.setCallbackUrl(BOT.botId, `${emu.url}/nowhere`);
    await page.fill('#text', 'lost?');
    await page.press('#text', 'Enter');
    await see(page.locator('#status.bad', { hasText: 'hook answered 404' }));
    await see(page.locator('.msg.mine .outcome.bad', { hasText: 'hook answered 404' }));

    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
