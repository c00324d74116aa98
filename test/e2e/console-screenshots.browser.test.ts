import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, until } from '../helpers/cli.ts';
import { DESKTOP, launchChromium, openConsole, PHONE, settled, signIn } from '../helpers/console-browser.ts';
import { type ConsoleDaemon, startConsoleDaemon, USERS } from '../helpers/console-daemon.ts';

/**
 * Every console page in Korean and English at 1280×800 and on a 390 px phone: nothing wider than
 * the window, header, nav and page never on top of each other. With OPSBOT_SCREENSHOTS=1 the
 * pictures go to docs/console/ (committed, looked at by a person); otherwise only the layout is
 * checked (encoding 54 PNGs nobody looks at costs the suite CPU it needs elsewhere).
 */

const KEEP = process.env.OPSBOT_SCREENSHOTS === '1';
const OUT = path.join(ROOT, 'docs/console');

const PAGES: Array<[string, string]> = [
  ['overview', '/console'],
  ['app-runs', '/console/apps/reporter'],
  ['app-log', '/console/apps/reporter?tab=log'],
  ['app-schedule', '/console/apps/reporter?tab=schedule'],
  ['app-config', '/console/apps/reporter?tab=config'],
  ['outbox', '/console/outbox'],
  ['inbox', '/console/inbox'],
  ['connections', '/console/connections'],
  ['calendars', '/console/calendars?exchange=XKRX'],
  ['cluster', '/console/cluster'],
  ['audit', '/console/audit'],
  ['users', '/console/users'],
];

let d: ConsoleDaemon;
let browser: Browser;

beforeAll(async () => {
  // One after the other: a Chromium that fails to launch must not strand a started daemon.
  d = await startConsoleDaemon();
  browser = await launchChromium();
  if (KEEP) mkdirSync(OUT, { recursive: true });
  // A few realistic rows: a delivered message and a dead one, runs, a curated closure this month.
  const admin = d.admin;
  expect((await admin('POST', '/api/v1/apps/reporter/run', {})).status).toBe(200);
  await until(
    'delivered',
    async () => (await admin('GET', '/api/v1/outbox?status=delivered')).body.items.length === 1,
  );
  d.sink.status = 400;
  expect((await admin('POST', '/api/v1/apps/reporter/run', { dryRun: true })).status).toBe(200);
  await until('dead', async () => (await admin('GET', '/api/v1/outbox?status=dead')).body.items.length === 1);
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(Date.now()).slice(0, 7);
  const closure = { date: `${month}-24`, name: 'Year-end system check', kind: 'closed' };
  expect((await admin('POST', '/api/v1/calendars/XKRX/closures', closure)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await d?.close();
});

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Header, nav (when shown) and main as boxes, and how far the page is wider than the window. */
async function layoutOf(page: Page): Promise<{ overflow: number; boxes: Box[] }> {
  return page.evaluate(`(() => {
    const boxes = [['header', 'header.top'], ['nav', 'nav#nav'], ['main', 'main#main']].flatMap(([name, sel]) => {
      const el = document.querySelector(sel);
      if (!el || getComputedStyle(el).display === 'none') return [];
      const r = el.getBoundingClientRect();
      return [{ name, x: r.x, y: r.y, width: r.width, height: r.height }];
    });
    return { overflow: document.documentElement.scrollWidth - innerWidth, boxes };
  })()`);
}

function overlaps(a: Box, b: Box): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0.5 && h > 0.5;
}

async function shoot(page: Page, file: string): Promise<void> {
  const { overflow, boxes } = await layoutOf(page);
  expect(overflow, `${file}: wider than the window`).toBeLessThanOrEqual(0);
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1))
      expect(overlaps(a, b), `${file}: ${a.name} overlaps ${b.name}`).toBe(false);
  }
  if (KEEP) await page.screenshot({ path: path.join(OUT, file) });
}

describe('console screenshots', () => {
  for (const [lang, locale] of [
    ['en', 'en-US'],
    ['ko', 'ko-KR'],
  ] as const) {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`every page in ${lang} on a ${size} fits and nothing overlaps`, async () => {
        const { page, context, errors } = await openConsole(browser, d.url, { locale, viewport });
        await page.locator('form.login-form').waitFor();
        expect(await page.evaluate('document.documentElement.lang')).toBe(lang);
        await shoot(page, `${lang}-${size}-login.png`);
        await signIn(page, USERS.admin);
        for (const [name, url] of PAGES) {
          await page.goto(`${d.url}${url}`);
          await settled(page);
          if (name === 'outbox') {
            await page.locator('tr[data-status] button[aria-expanded]').first().click();
            // The click scrolled the table sideways to the button; the picture shows it from its start.
            await page.evaluate(
              `document.querySelectorAll('.table-wrap').forEach((w) => { w.scrollLeft = 0; })`,
            );
          }
          if (name === 'app-log') await page.locator('.log-line').first().waitFor();
          await shoot(page, `${lang}-${size}-${name}.png`);
        }
        // The phone's menu, open.
        if (size === 'phone') {
          await page.locator('.menu-button').click();
          await shoot(page, `${lang}-${size}-menu.png`);
        }
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }
});
