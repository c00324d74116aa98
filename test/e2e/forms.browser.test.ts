import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../../src/sandbox/browser.ts';
import type { WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { Project, ROOT, until } from '../helpers/cli.ts';
import { BOT, freePort, startEmulator, writeWorksProject } from '../helpers/works.ts';

/**
 * The pick-day example's form, in a real daemon, filled in by a person in Chromium: natively on the
 * sandbox page, and on the NAVER WORKS emulator's chat page through the button and the signed page.
 * Both times a past day is refused beside its field, then a future day reaches the app.
 */

const SHOTS = '/tmp/opsbot-forms';
const PAST = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
const FUTURE = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const DAY_ERROR = '오늘 이후의 날짜를 고르세요.';
const PASSWORD = 'pw-correct-horse-42';

const project = new Project('opsbot-forms-');
let emu: WorksEmulator;
let url = '';
/** The sandbox link `opsbot start` prints, with the token its API needs (the connection has a secret). */
let sandboxLink = '';
let browser: Browser;
let page: Page;
let pageError: Promise<never>;

const see = (locator: Locator) => Promise.race([locator.waitFor({ timeout: 20_000 }), pageError]);
const shot = async (p: Page, name: string) => {
  const file = `${SHOTS}-${name}.png`;
  await p.screenshot({ path: file, fullPage: true });
  expect(existsSync(file)).toBe(true);
};

beforeAll(async () => {
  const port = await freePort();
  emu = await startEmulator(port);
  copyFileSync(`${ROOT}/examples/apps/pick-day.ts`, project.path('pick-day.ts'));
  writeWorksProject(project, emu, {
    port,
    auth: 'service-account',
    apps: ['  pick-day: { use: ./pick-day.ts }'],
  });
  const config = project
    .read('opsbot.yaml')
    .replace(
      `http: { host: 127.0.0.1, port: ${port} }`,
      `http: { host: 127.0.0.1, port: ${port}, publicUrl: http://127.0.0.1:${port} }`,
    )
    .replace('connections:\n', 'connections:\n  sandbox: { type: sandbox, secret: forms-e2e-secret }\n');
  expect(config).toContain('publicUrl');
  expect(config).toContain('forms-e2e-secret');
  project.write('opsbot.yaml', config);
  const started = await project.run('start', '--wait');
  expect(started.code).toBe(0);
  sandboxLink = /sandbox chat: (\S+)/.exec(started.stderr)?.[1] ?? '';
  expect(sandboxLink).toMatch(/\/sandbox\?token=\S+$/);
  url = (await project.status()).url;
  emu.setCallbackUrl(BOT.botId, `${url}/hooks/works`);
  ({ browser, page } = await openBrowserPage('the forms browser test'));
  // A script error fails the test at once, with its message, instead of as a wait that times out.
  pageError = new Promise<never>((_, reject) => {
    page.on('pageerror', (err) => reject(new Error(`error in the page: ${err.message}`)));
  });
  pageError.catch(() => {});
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await project.cleanup();
  await emu?.close();
});

describe('a form from the pick-day example', () => {
  it('on the sandbox page: a native form, the error beside the day, then the booking', async () => {
    await page.goto(sandboxLink);
    await see(page.locator('#live-text', { hasText: 'live' }));
    await page.fill('#user', 'mina');
    await page.fill('#text', '/pick');
    await page.press('#text', 'Enter');

    const card = page.locator('.form-card', { hasText: '근무일 선택' });
    await see(card.locator('button[type=submit]', { hasText: '제출' }));
    await shot(page, '1-sandbox-form');
    await card.locator('input[name=day]').fill(PAST);
    await card.locator('input[name=password]').fill(PASSWORD);
    await card.locator('button[type=submit]').click();
    const dayError = card.locator('.f[data-field=day] .field-error');
    await see(dayError.filter({ hasText: DAY_ERROR }));
    expect(await card.locator('.f[data-field=password] .field-error').isHidden()).toBe(true);
    await shot(page, '2-sandbox-error');

    await card.locator('input[name=day]').fill(FUTURE);
    await card.locator('button[type=submit]').click();
    await see(card.locator('.form-notice', { hasText: '제출되었습니다' }));
    await see(page.locator('.card.success', { hasText: `mina님, ${FUTURE} 오전 근무로 예약했습니다.` }));
    await shot(page, '3-sandbox-booked');
  });

  it('on the NAVER WORKS chat page: a button to the signed page, the error beside the day, then the booking', async () => {
    await page.goto(`${emu.url}/`);
    await see(page.locator('#live-text', { hasText: 'live' }));
    await page.fill('#text', '/pick');
    await page.press('#text', 'Enter');

    const button = page.locator('.msg.bot a.action', { hasText: '양식 열기' });
    await see(button);
    await shot(page, '4-works-button');
    const [form] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
    form.setDefaultTimeout(10_000);
    await form.waitForLoadState();
    expect(form.url()).toMatch(new RegExp(`^${url}/forms/`));
    expect(await form.locator('h1').textContent()).toBe('근무일 선택');
    await shot(form, '5-works-form');

    await form.fill('input[name=day]', PAST);
    await form.fill('input[name=password]', PASSWORD);
    await Promise.all([form.waitForNavigation(), form.click('button[type=submit]')]);
    expect(await form.locator('.field.invalid[data-field=day] .error').textContent()).toBe(DAY_ERROR);
    // The page keeps the day but never the password: the person types it again.
    expect(await form.inputValue('input[name=day]')).toBe(PAST);
    expect(await form.inputValue('input[name=password]')).toBe('');
    expect(await form.content()).not.toContain(PASSWORD);
    await shot(form, '6-works-error');

    await form.fill('input[name=day]', FUTURE);
    await form.selectOption('select[name=slot]', 'pm');
    await form.fill('input[name=password]', PASSWORD);
    await Promise.all([form.waitForNavigation(), form.click('button[type=submit]')]);
    expect(await form.locator('h1').textContent()).toBe('제출되었습니다');
    await shot(form, '7-works-submitted');

    await see(page.locator('.msg.bot', { hasText: `u1님, ${FUTURE} 오후 근무로 예약했습니다.` }));
    await shot(page, '8-works-booked');

    // Single use: the same link now only says so.
    const again = await fetch(form.url());
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('이미 제출된 양식입니다');
    await form.close();
  });

  it('an answer given while the app is stopped reaches it once it is up again', async () => {
    const before = emu.state.messages.length;
    await emu.postCallback(`${url}/hooks/works`, BOT.botId, {
      type: 'message',
      source: { userId: 'u1' },
      content: { type: 'text', text: '/pick' },
    });
    const link = await until('the form button', () => {
      const sent = emu.state.messages
        .slice(before)
        .map((m) => m.content as { actions?: Array<{ uri?: string }> });
      return sent.find((c) => c.actions?.[0]?.uri)?.actions?.[0]?.uri;
    });
    expect((await project.run('stop', 'pick-day')).code).toBe(0);
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ day: FUTURE, slot: 'am', password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('제출되었습니다');
    const booked = () =>
      emu.state.messages
        .slice(before)
        .some((m) => JSON.stringify(m.content).includes(`${FUTURE} 오전 근무로 예약했습니다`));
    expect(booked()).toBe(false);
    expect((await project.run('start', 'pick-day')).code).toBe(0);
    await until('the booking after the restart', booked, 30_000);
  });

  it('left the password in no file of the project: store, WAL, daemon and app logs', async () => {
    expect((await project.run('stop')).code).toBe(0);
    const needle = Buffer.from(PASSWORD, 'utf8');
    const files = readdirSync(project.dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    expect(files.some((f) => f.endsWith('opsbot.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('.log'))).toBe(true);
    for (const file of files) expect(readFileSync(file).includes(needle), file).toBe(false);
  });
});
