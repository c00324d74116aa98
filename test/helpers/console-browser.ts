import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium as launchBrowser } from '../../src/sandbox/browser.ts';
import { PASSWORD } from './console-daemon.ts';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium, headless; nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  return launchBrowser('the console browser tests');
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Script errors seen on the page (a test expects none). */
  errors: string[];
}

/** A fresh browser profile (no cookies) in `locale`, on the console's sign-in form. */
export async function openConsole(
  browser: Browser,
  url: string,
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? DESKTOP,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${url}/console`);
  return { context, page, errors };
}

/** Signs in through the form; resolves once the overview shows. */
export async function signIn(page: Page, name: string, password = PASSWORD): Promise<void> {
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form.login-form button[type=submit]').click();
  await page.locator('nav#nav').waitFor({ state: 'attached' });
  await expect.poll(() => page.locator('.who').textContent()).toContain(name);
}

/** Opens a console path in place (history API, like a click on a nav link). */
export async function go(page: Page, path: string): Promise<void> {
  // A string: the test's type checking has no DOM types.
  await page.evaluate(
    `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
  );
}

/** A change request from inside the page with the session cookie and the given CSRF header. */
export function fetchInPage(page: Page, method: string, path: string, csrf: string | null, body?: unknown) {
  return page.evaluate(
    async ({ method, path, csrf, body }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (csrf !== null) headers['x-csrf-token'] = csrf;
      const res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { method, path, csrf, body },
  );
}

/** Waits until the page has drawn its heading and no part of it still says it is loading. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await expect
    .poll(() =>
      page
        .locator('main')
        .evaluate(
          (main) => main.textContent?.includes('Loading…') || main.textContent?.includes('불러오는 중…'),
        ),
    )
    .toBe(false);
}
