import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../../sandbox/browser.ts';
import { type Harness, SANDBOX_TOKEN, startHarness } from './test-harness.ts';

const SCREENSHOT = '/tmp/sandbox-page.png';
const meta = { idempotencyKey: 'k', attempt: 1 };

let h: Harness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // The page shows times in the daemon's timezone, whatever the browser's is (UTC here).
  h = await startHarness({ timezone: () => 'Asia/Seoul' });
  ({ browser, page } = await openBrowserPage('the sandbox page browser test'));
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('sandbox page in a browser', () => {
  it('shows bot messages, takes a person message to the apps, and shows it live', async () => {
    const sandbox = h.connectors.get('sandbox')!;
    await sandbox.send!(
      'channel/general',
      {
        kind: 'portable',
        message: {
          title: 'Disk almost full',
          text: 'db-1 is at 91% on /var.\nOld logs can be removed.',
          severity: 'warning',
          fields: [
            { name: 'Host', value: 'db-1' },
            { name: 'Usage', value: '91%' },
          ],
          links: [{ label: 'Open dashboard', url: 'https://grafana.example.com/d/disk' }],
        },
      },
      meta,
    );
    await sandbox.send!(
      'channel/general',
      {
        kind: 'portable',
        message: { title: '<img src=x onerror=alert(1)>', text: 'escaped', severity: 'critical' },
      },
      meta,
    );
    await sandbox.send!('channel/general', { kind: 'native', body: { flex: { type: 'bubble' } } }, meta);

    // A script error fails the test at once, with its message, instead of as a wait that times out.
    const pageError = new Promise<never>((_, reject) => {
      page.on('pageerror', (err) => reject(new Error(`error in the sandbox page: ${err.message}`)));
    });
    pageError.catch(() => {});
    const see = (locator: Locator) => Promise.race([locator.waitFor(), pageError]);
    await page.goto(`${h.url}/sandbox?token=${SANDBOX_TOKEN}`);

    const card = page.locator('.card.warning');
    await see(card);
    expect(await card.locator('.card-title').textContent()).toBe('Disk almost full');
    expect(await page.locator('.time').first().getAttribute('title')).toContain('GMT+9');
    expect(await card.locator('.plain').innerText()).toBe(
      'db-1 is at 91% on /var.\nOld logs can be removed.',
    );
    expect(await card.locator('.fields dt').allTextContents()).toEqual(['Host', 'Usage']);
    expect(await card.locator('.fields dd').allTextContents()).toEqual(['db-1', '91%']);
    const link = card.locator('.links a');
    expect(await link.textContent()).toBe('Open dashboard');
    expect(await link.getAttribute('href')).toBe('https://grafana.example.com/d/disk');

    // Message text is text: the would-be tag shows literally and creates no element.
    expect(await page.locator('.card.critical .card-title').textContent()).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(await page.locator('.messages img').count()).toBe(0);
    expect(JSON.parse((await page.locator('pre.json').textContent()) ?? '')).toEqual({
      flex: { type: 'bubble' },
    });

    // Wait for the live stream before typing, so the echo of our own message arrives through it.
    await see(page.locator('#live-text', { hasText: 'live' }));
    await page.fill('#user', 'mina');
    await page.fill('#text', 'restart db-1 please');
    await page.press('#text', 'Enter');

    const [event] = await h.waitForInbound(1);
    expect(event).toMatchObject({
      connection: 'sandbox',
      type: 'message',
      replyTo: 'sandbox/channel/general',
      user: 'mina',
      text: 'restart db-1 please',
    });
    const mine = page.locator('.msg.person', { hasText: 'restart db-1 please' });
    await see(mine);
    expect(await mine.locator('.author').textContent()).toBe('mina');
    expect(await page.inputValue('#text')).toBe('');

    // An app's answer shows up live, and a message elsewhere marks that channel unread.
    await sandbox.send!(
      'channel/general',
      { kind: 'portable', message: { text: 'Restarting db-1 now.', severity: 'success' } },
      meta,
    );
    await see(page.locator('.card.success', { hasText: 'Restarting db-1 now.' }));
    await sandbox.send!(
      'channel/alerts',
      { kind: 'portable', message: { text: 'CPU high', severity: 'error' } },
      meta,
    );
    const alerts = page.locator('#channels button', { hasText: 'alerts' });
    await see(alerts.locator('.badge'));
    expect(await alerts.locator('.badge').textContent()).toBe('1');

    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
