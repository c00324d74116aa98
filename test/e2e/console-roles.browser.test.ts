import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchInPage, go, launchChromium, openConsole, settled, signIn } from '../helpers/console-browser.ts';
import {
  apiClient,
  type ConsoleDaemon,
  PASSWORD,
  SECRETS,
  startConsoleDaemon,
  USERS,
} from '../helpers/console-daemon.ts';

/**
 * The console in a real browser against a real daemon: what each role may and may not do, a
 * forged CSRF token and an ended session refused, and no secret shown to a viewer anywhere.
 */

let d: ConsoleDaemon;
let browser: Browser;

beforeAll(async () => {
  // One after the other: a Chromium that fails to launch must not strand a started daemon.
  d = await startConsoleDaemon();
  browser = await launchChromium();
  // Something in the outbox, the runs and the log, so every page has data a secret could leak into.
  const operator = await d.api(USERS.operator);
  expect((await operator('POST', '/api/v1/apps/reporter/run', {})).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await d?.close();
});

const csrfOf = async (page: Page) =>
  page.evaluate(async () => ((await (await fetch('/console/session')).json()) as { csrf: string }).csrf);
const buttonCount = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).count();

describe('console roles in a browser', () => {
  it('a viewer sees apps, outbox and calendars but gets no buttons to change them, and the API refuses', async () => {
    const { page, context, errors } = await openConsole(browser, d.url);
    await signIn(page, USERS.viewer);
    await page.locator('tr[data-app=reporter]').waitFor();
    expect(await page.locator('nav a').allTextContents()).not.toContain('Users');

    await go(page, '/console/apps/reporter');
    await page.locator('.role-note').waitFor();
    for (const name of ['Run now', 'Dry run', 'Stop', 'Start', 'Restart'])
      expect(await buttonCount(page, name)).toBe(0);
    await go(page, '/console/outbox');
    await page.locator('tr[data-id]').first().waitFor();
    expect(await buttonCount(page, 'Retry all dead')).toBe(0);
    await go(page, '/console/calendars');
    await page.locator('.month .day[data-date]').first().waitFor();
    expect(await page.locator('button.day').count()).toBe(0);
    await go(page, '/console/users');
    await expect.poll(() => page.locator('main .error-box').textContent()).toBe('Your role may not do this.');

    const csrf = await csrfOf(page);
    expect((await fetchInPage(page, 'POST', '/api/v1/apps/reporter/run', csrf, {})).status).toBe(403);
    expect((await fetchInPage(page, 'POST', '/api/v1/outbox/retry', csrf, { dead: true })).status).toBe(403);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an operator may run and retry but not change calendars or users', async () => {
    const { page, context, errors } = await openConsole(browser, d.url);
    await signIn(page, USERS.operator);
    await go(page, '/console/apps/reporter');
    await page.getByRole('button', { name: 'Run now', exact: true }).waitFor();
    for (const name of ['Dry run', 'Stop', 'Start', 'Restart']) expect(await buttonCount(page, name)).toBe(1);
    await go(page, '/console/outbox');
    await page.getByRole('button', { name: 'Retry all dead', exact: true }).waitFor();
    await go(page, '/console/calendars');
    await page.locator('.month .day[data-date]').first().waitFor();
    expect(await page.locator('button.day').count()).toBe(0);
    expect(await page.locator('nav a').allTextContents()).not.toContain('Users');

    const csrf = await csrfOf(page);
    const closure = await fetchInPage(page, 'POST', '/api/v1/calendars/XKRX/closures', csrf, {
      date: '2030-01-07',
      name: 'not allowed',
      kind: 'closed',
    });
    expect(closure.status).toBe(403);
    const user = await fetchInPage(page, 'POST', '/api/v1/users', csrf, {
      name: 'eve',
      role: 'admin',
      password: PASSWORD,
    });
    expect(user.status).toBe(403);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin manages users from the Users page and may edit calendars', async () => {
    const { page, context, errors } = await openConsole(browser, d.url);
    await signIn(page, USERS.admin);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.locator('tr[data-user=vera]').waitFor();
    expect(
      await page.locator('tr[data-user]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user'))),
    ).toEqual(expect.arrayContaining([USERS.admin, USERS.operator, USERS.viewer]));
    const form = page.locator('form[aria-label="Add user"]');
    await form.locator('input[name=name]').fill('walt');
    await form.locator('select[name=role]').selectOption('operator');
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.locator('tr[data-user=walt]').waitFor();
    expect(await page.locator('tr[data-user=walt] select').inputValue()).toBe('operator');
    // A new password from the row's form: walt signs in with it, not with the old one.
    await page.locator('tr[data-user=walt]').getByRole('button', { name: 'Set password' }).click();
    const pwForm = page.locator('form[aria-label="New password for walt"]');
    await pwForm.locator('input[type=password]').fill('a new long password');
    await pwForm.getByRole('button', { name: 'Save' }).click();
    await page.locator('.toast', { hasText: 'Updated walt.' }).waitFor();
    await apiClient(d.url, 'walt', 'a new long password');
    const old = await fetch(`${d.url}/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: d.url },
      body: JSON.stringify({ name: 'walt', password: PASSWORD }),
    });
    expect(old.status).toBe(401);

    await go(page, '/console/calendars');
    await page.locator('button.day').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks Korean to a Korean browser, switches with the header button and remembers the choice', async () => {
    const { page, context } = await openConsole(browser, d.url, { locale: 'ko-KR' });
    expect(await page.locator('form.login-form button[type=submit]').textContent()).toBe('로그인');
    await signIn(page, USERS.viewer);
    expect(await page.locator('nav a').first().textContent()).toBe('개요');
    expect(await page.locator('#zone').textContent()).toBe('시간대: Asia/Seoul');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('nav a').first().textContent()).toBe('Overview');
    await page.reload();
    await page.locator('nav a').first().waitFor();
    expect(await page.locator('nav a').first().textContent()).toBe('Overview');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await context.close();
  });

  it('refuses a forged or missing CSRF token, and the run does not happen', async () => {
    const { page, context } = await openConsole(browser, d.url);
    await signIn(page, USERS.operator);
    const runs = async () =>
      (await (await d.api(USERS.admin))('GET', '/api/v1/apps/reporter/runs')).body.runs.length;
    const before = await runs();
    const forged = await fetchInPage(page, 'POST', '/api/v1/apps/reporter/run', 'forged-token', {});
    const missing = await fetchInPage(page, 'POST', '/api/v1/apps/reporter/run', null, {});
    expect(forged.status).toBe(403);
    expect(missing.status).toBe(403);
    expect(await runs()).toBe(before);
    await context.close();
  });

  it('sends a signed-in page back to the login form when its session has ended', async () => {
    const { page, context } = await openConsole(browser, d.url);
    await signIn(page, USERS.viewer);
    d.expireSessions(USERS.viewer);
    expect((await fetchInPage(page, 'GET', '/api/v1/status', null)).status).toBe(401);
    await go(page, '/console/outbox');
    await page.locator('form.login-form').waitFor();
    expect(await page.locator('form.login-form [role=alert]').textContent()).toBe(
      'Your session has ended. Please sign in again.',
    );
    await context.close();
  });

  it('shows a viewer no secret on any page, in any answer', async () => {
    const { page, context, errors } = await openConsole(browser, d.url);
    const bodies: string[] = [];
    page.on('response', async (res) => {
      if (res.url().includes('/api/v1/events')) return;
      bodies.push(await res.text().catch(() => ''));
    });
    await signIn(page, USERS.viewer);
    const pages = [
      '/console',
      '/console/apps/reporter',
      '/console/apps/reporter?tab=log',
      '/console/apps/reporter?tab=schedule',
      '/console/apps/reporter?tab=config',
      '/console/outbox',
      '/console/inbox',
      '/console/connections',
      '/console/calendars',
      '/console/audit',
    ];
    const html: string[] = [];
    for (const path of pages) {
      await page.goto(`${d.url}${path}`);
      await settled(page);
      if (path === '/console/outbox') {
        await page.getByRole('button', { name: 'Preview' }).first().click();
        await page.locator('.chat-card').waitFor();
      }
      if (path.endsWith('tab=config')) {
        await page.locator('pre.code').waitFor();
        expect(await page.locator('pre.code').textContent()).toContain('apiKey');
      }
      html.push(await page.content());
    }
    // The SSE stream's first event, read in the page (its response never ends).
    html.push(
      await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const source = new EventSource('/api/v1/events');
            source.addEventListener('overview', (e) => {
              source.close();
              resolve((e as MessageEvent).data);
            });
          }),
      ),
    );
    const everything = [...bodies, ...html].join('\n');
    expect(everything).toContain('reporter');
    for (const secret of [SECRETS.appKey, SECRETS.hookAuth.split(' ')[1]!, PASSWORD]) {
      expect(everything).not.toContain(secret);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
