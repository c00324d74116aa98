import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/cli.ts';
import { go, launchChromium, openConsole, settled, signIn } from '../helpers/console-browser.ts';
import { type ConsoleDaemon, SECRETS, startConsoleDaemon, USERS } from '../helpers/console-daemon.ts';

/**
 * The console's actions end to end, in a real browser against a real daemon: a run started on one
 * page shows live on another, a dead letter retried from the Outbox page is delivered, and a
 * closure added on the Calendars page moves the app's next run.
 */

let d: ConsoleDaemon;
let browser: Browser;

beforeAll(async () => {
  // One after the other: a Chromium that fails to launch must not strand a started daemon.
  d = await startConsoleDaemon();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await d?.close();
});

/** The day (YYYY-MM-DD) of an instant in the daemon's zone. */
const seoulDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(ms);

describe('console actions in a browser', () => {
  it("runs the app from an operator's page; a viewer's open app page shows the run live", async () => {
    // The webhook refuses the first delivery for good: the run's message becomes a dead letter.
    d.sink.status = 400;
    const viewer = await openConsole(browser, d.url);
    await signIn(viewer.page, USERS.viewer);
    await go(viewer.page, '/console/apps/reporter');
    await viewer.page.getByText('No runs yet.').waitFor();

    const operator = await openConsole(browser, d.url);
    await signIn(operator.page, USERS.operator);
    await go(operator.page, '/console/apps/reporter');
    await operator.page.getByRole('button', { name: 'Run now', exact: true }).click();
    await operator.page.locator('.toast', { hasText: /^Run #\d+: ok in / }).waitFor();

    // No reload: the live stream tells the viewer's page the app's last run changed.
    const row = viewer.page.locator('tr[data-run]');
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    expect(await row.locator('.badge').textContent()).toBe('ok');
    expect(await row.locator('td').nth(4).textContent()).toBe('by hand');
    expect(viewer.errors).toEqual([]);
    expect(operator.errors).toEqual([]);
    await viewer.context.close();
    await operator.context.close();
  });

  it('retries the dead letter from the Outbox page and shows it delivered', async () => {
    await until('a dead letter', async () => {
      const res = await d.admin('GET', '/api/v1/outbox?status=dead');
      return res.body.items.length === 1;
    });
    d.sink.status = 200;
    const { page, context, errors } = await openConsole(browser, d.url);
    await signIn(page, USERS.operator);
    await go(page, '/console/outbox?status=dead');
    const dead = page.locator('tr[data-status=dead]');
    await dead.waitFor();
    // The preview is the message as a chat card.
    await dead.getByRole('button', { name: 'Preview' }).click();
    const card = page.locator('.chat-card');
    expect(await card.locator('.chat-title').textContent()).toBe('Daily report');
    expect(await card.locator('.chat-text').textContent()).toBe('All 3 checks passed.');
    expect(await card.locator('.chat-fields').textContent()).toBe('Checks3');
    expect(await card.locator('a.chat-link').getAttribute('href')).toBe(
      'https://grafana.example.com/d/daily',
    );
    expect(await card.getAttribute('class')).toContain('severity-info');

    await page.getByRole('button', { name: 'Retry all dead', exact: true }).click();
    await page.locator('.toast', { hasText: 'Queued again: 1.' }).waitFor();
    await go(page, '/console/outbox');
    await page.locator('tr[data-status=delivered]').waitFor({ timeout: 15_000 });
    expect(await page.locator('tr[data-status=dead]').count()).toBe(0);
    const delivered = d.sink.received.filter((r) => r.body.includes('Daily report'));
    expect(delivered.length).toBe(2);
    expect(delivered[1]!.headers.authorization).toBe(SECRETS.hookAuth);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends a test message from the Connections page and shows where it went', async () => {
    const { page, context, errors } = await openConsole(browser, d.url);
    await signIn(page, USERS.operator);
    await go(page, '/console/connections');
    const row = page.locator('tr[data-connection=hook]');
    await row.getByRole('button', { name: 'Test send' }).click();
    const form = page.locator('form[aria-label="Test send through hook"]');
    await form.locator('input[name=text]').fill('hello from the console');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText(/^Queued as [0-9a-f-]{8}\./).waitFor();
    await until('the test message delivered', () =>
      d.sink.received.some((r) => r.body.includes('hello from the console')),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("adds a closure on the next run's day from the Calendars page; the app's next run skips it", async () => {
    const before = (await d.reporter()).nextRun!;
    const day = seoulDay(before);
    const { page, context, errors } = await openConsole(browser, d.url);
    await signIn(page, USERS.admin);
    await go(page, `/console/calendars?exchange=XKRX&month=${day.slice(0, 7)}`);
    await page.locator(`button.day[data-date="${day}"]`).click();
    const form = page.locator('form.closure-form');
    await form.locator('input[name=name]').fill('Console test closure');
    await form.getByRole('button', { name: 'Add closure' }).click();
    await page.locator('.toast', { hasText: `Saved the closure on ${day}.` }).waitFor();
    await expect
      .poll(() => page.locator(`.day[data-date="${day}"]`).getAttribute('class'))
      .toContain('kind-curated');

    await go(page, '/console/apps/reporter?tab=schedule');
    await settled(page);
    const skipped = page.locator('table tbody tr', { hasText: 'Console test closure' });
    await skipped.waitFor();
    const after = await until('the next run moved', async () => {
      const next = (await d.reporter()).nextRun!;
      return next > before && next;
    });
    expect(seoulDay(after)).not.toBe(day);
    expect(errors).toEqual([]);
    await context.close();
  });
});
