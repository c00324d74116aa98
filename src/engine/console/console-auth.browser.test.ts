import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../sandbox/browser.ts';
import { type ConsoleServer, consoleServer } from './test-server.ts';

/**
 * The session cookie is Secure, yet the console is served over plain http on loopback: real
 * Chromium must keep it there (loopback is a secure context), or nobody could stay signed in.
 */
describe('the session cookie in real Chromium', () => {
  let s: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await consoleServer();
    browser = await launchChromium('the console cookie browser test');
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('is kept over http://127.0.0.1 with its flags, hidden from scripts, and signs the page in', async () => {
    await s.auth.accounts.addUser({ name: 'alice', role: 'admin', password: 'alice-password' });
    const page = await browser.newPage();
    await page.goto(`${s.url}/console/session`);
    const login = await page.evaluate(async () => {
      const res = await fetch('/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'alice', password: 'alice-password' }),
      });
      return { status: res.status, body: (await res.json()) as { csrf: string } };
    });
    expect(login).toEqual({ status: 200, body: { name: 'alice', role: 'admin', csrf: expect.any(String) } });
    const cookies = await page.context().cookies();
    expect(
      cookies.map(({ name, httpOnly, secure, sameSite, path }) => ({
        name,
        httpOnly,
        secure,
        sameSite,
        path,
      })),
    ).toEqual([{ name: 'opsbot_session', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' }]);
    // Runs in the page, where `document` exists (no DOM types in this project's compile).
    expect(await page.evaluate('document.cookie')).toBe('');
    // A fresh navigation carries the cookie: the page is signed in.
    await page.goto(`${s.url}/console/session`);
    expect(JSON.parse((await page.textContent('body')) ?? '')).toEqual({
      name: 'alice',
      role: 'admin',
      via: 'console',
      csrf: login.body.csrf,
    });
    // Chromium sends Origin on a same-origin POST; with the token it passes, without it not.
    const changes = await page.evaluate(async (csrf: string) => {
      const without = await fetch('/api/v1/whoami', { method: 'POST' });
      const withToken = await fetch('/api/v1/whoami', { method: 'POST', headers: { 'x-csrf-token': csrf } });
      return [without.status, withToken.status];
    }, login.body.csrf as string);
    expect(changes).toEqual([403, 200]);
    await page.close();
  });
});
