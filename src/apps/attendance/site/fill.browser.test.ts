import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HrSite, startHrSite } from '../../../sandbox/hr/index.ts';
import { launchBrowser } from './browser.ts';
import { type Account, type FillResult, fillDays, LoginRefused, type TimeCardDay } from './fill.ts';
import { siteRecipe } from './recipe.ts';
import { failureScreenshot } from './secrets.ts';

const PASSWORD = 'p@ss word/시크릿';
const MINA: Account = { memberId: 'M0001', userId: 'mina', password: PASSWORD };
const JUNHO: Account = { memberId: 'M0002', userId: 'junho', password: 'junho-pass' };
/** Short steps keep the failure tests quick; generous enough for two busy cores. */
const STEP_MS = 4_000;
/** The wait a failing step costs: the failure tests spend it once per failed day. */
const FAILING_STEP_MS = 3_000;

let browser: Browser;
let site: HrSite;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await site?.close();
});

async function start(): Promise<HrSite> {
  site = await startHrSite({ today: '2026-11-20', accounts: [MINA, JUNHO] });
  return site;
}

const days = (...dates: string[]): TimeCardDay[] =>
  dates.map((date) => ({ date, start: '09:00', end: '18:00' }));

function fill(account: Account, list: TimeCardDay[], stepTimeoutMs = STEP_MS): Promise<FillResult> {
  return fillDays({ recipe: siteRecipe.parse(site.recipe), account, days: list, browser, stepTimeoutMs });
}

/** Every string the result holds, to look for the password in. */
const strings = (r: FillResult) => JSON.stringify({ ...r, failure: { ...r.failure, screenshot: undefined } });

describe('fillDays against the HR site emulator', () => {
  it('enters exactly the given days, and a second run finds them all already filled', async () => {
    await start();
    const list = days('2026-11-02', '2026-11-03', '2026-11-05');
    const seen: string[] = [];
    const first = await fillDays({
      recipe: siteRecipe.parse(site.recipe),
      account: MINA,
      days: list,
      browser,
      stepTimeoutMs: STEP_MS,
      onDay: (r, done, total) => {
        seen.push(`${r.date} ${done}/${total}`);
      },
    });
    expect(first).toEqual({ days: list.map((d) => ({ date: d.date, outcome: 'entered' })) });
    expect(seen).toEqual(['2026-11-02 1/3', '2026-11-03 2/3', '2026-11-05 3/3']);
    expect(site.entries('M0001')).toEqual(list);

    const again = await fill(
      MINA,
      days('2026-11-02', '2026-11-03', '2026-11-05').map((d) => ({ ...d, end: '19:00' })),
    );
    expect(again.days.map((d) => d.outcome)).toEqual(['already-filled', 'already-filled', 'already-filled']);
    expect(site.entries('M0001')).toEqual(list);
    expect(browser.contexts()).toHaveLength(0);
  });

  it('reports a wrong password as a refused login and enters nothing', async () => {
    await start();
    const r = await fill({ ...MINA, password: `${PASSWORD}-wrong` }, days('2026-11-02'));
    expect(r.days).toEqual([]);
    expect(r.failure?.step).toBe('login');
    expect(r.failure?.message).toBe(new LoginRefused().message);
    expect(r.failure?.loginRefused).toBe(true);
    expect(r.failure?.screenshot?.subarray(1, 4).toString()).toBe('PNG');
    expect(strings(r)).not.toContain(PASSWORD);
    expect(site.entries('M0001')).toEqual([]);
  });

  it('records a failing day with its step, goes on with the others, and keeps a blanked screenshot', async () => {
    await start();
    site.failDay('2026-11-03', 'error');
    site.failDay('2026-11-04', 'no-confirm');
    const r = await fill(MINA, days('2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'), FAILING_STEP_MS);
    expect(r.days.map((d) => [d.date, d.outcome, d.step])).toEqual([
      ['2026-11-02', 'entered', undefined],
      ['2026-11-03', 'failed', 'open'],
      ['2026-11-04', 'failed', 'confirm'],
      ['2026-11-05', 'entered', undefined],
    ]);
    expect(r.days[1]?.error).toContain('HTTP 500');
    expect(r.failure?.step).toBe('day 2026-11-03: open');
    expect(r.failure?.screenshot?.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(strings(r)).not.toContain(PASSWORD);
    // no-confirm stores the day without saying so; the error day stores nothing.
    expect(site.entries('M0001').map((e) => e.date)).toEqual(['2026-11-02', '2026-11-04', '2026-11-05']);
  });

  it('stops after three failed days in a row, and refuses future days', async () => {
    await start();
    site.failDay('2026-11-09', 'hang');
    const r = await fill(MINA, days('2026-11-09', '2026-11-21', '2026-11-23', '2026-11-24'), FAILING_STEP_MS);
    // The save never answers; the future days are refused, so no confirmation shows.
    expect(r.days.map((d) => [d.outcome, d.step])).toEqual([
      ['failed', 'submit'],
      ['failed', 'confirm'],
      ['failed', 'confirm'],
    ]);
    expect(r.failure?.step).toBe('day 2026-11-23: confirm');
    expect(r.failure?.message).toMatch(/^stopped after 3 failed days in a row/);
    expect(r.failure?.screenshot?.subarray(1, 4).toString()).toBe('PNG');
    expect(site.entries('M0001')).toEqual([]);
  }, 60_000);

  it('runs two members in parallel on one browser without mixing them', async () => {
    await start();
    const [a, b] = await Promise.all([
      fill(MINA, days('2026-11-02', '2026-11-03')),
      fill(JUNHO, [{ date: '2026-11-02', start: '10:00', end: '19:00' }]),
    ]);
    expect(a.failure).toBeUndefined();
    expect(b.failure).toBeUndefined();
    expect(site.entries('M0001')).toEqual(days('2026-11-02', '2026-11-03'));
    expect(site.entries('M0002')).toEqual([{ date: '2026-11-02', start: '10:00', end: '19:00' }]);
  });

  it('stops between days when the signal is aborted', async () => {
    await start();
    const controller = new AbortController();
    const r = await fillDays({
      recipe: siteRecipe.parse(site.recipe),
      account: MINA,
      days: days('2026-11-02', '2026-11-03'),
      browser,
      signal: controller.signal,
      onDay: () => controller.abort(),
    });
    expect(r.days.map((d) => d.date)).toEqual(['2026-11-02']);
    expect(r.failure?.step).toBe('aborted');
    expect(site.entries('M0001').map((e) => e.date)).toEqual(['2026-11-02']);
  });

  it('rethrows an unexpected error without the password, and closes its context', async () => {
    await start();
    const run = fillDays({
      recipe: siteRecipe.parse(site.recipe),
      account: MINA,
      days: days('2026-11-02'),
      browser,
      onDay: () => {
        throw new Error(`a careless callback quoting ${PASSWORD} and ${encodeURIComponent(PASSWORD)}`);
      },
    });
    await expect(run).rejects.toThrow('a careless callback quoting *** and ***');
    expect(browser.contexts()).toHaveLength(0);
  });
});

describe('the failure screenshot', () => {
  it('is a PNG taken after typed passwords and the recipe field are blanked, values and attributes', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent(
        `<input type="password" id="pw" value="${PASSWORD}"><input id="plain" value="${PASSWORD}"><input id="typed" type="password">`,
      );
      await page.locator('#typed').fill(PASSWORD);
      const png = await failureScreenshot(page, '#plain');
      expect(png?.subarray(1, 4).toString()).toBe('PNG');
      expect(await page.content()).not.toContain(PASSWORD);
      const values = await page.evaluate(`[...document.querySelectorAll('input')].map((i) => i.value)`);
      expect(values).toEqual(['', '', '']);
    } finally {
      await context.close();
    }
  });
});
