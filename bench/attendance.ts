// attendance: a month of time-card days entered in the HR site emulator by real Chromium, through
// fillDays (waits on selectors), next to the old way (Selenium with fixed sleeps, reference §6)
// replayed with the same browser against the same site, so the two differ only in the waiting.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../src/apps/attendance/site/browser.ts';
import { fillDays, type TimeCardDay } from '../src/apps/attendance/site/fill.ts';
import { dayUrl, siteRecipe } from '../src/apps/attendance/site/recipe.ts';
import { type HrAccount, type HrSite, startHrSite } from '../src/sandbox/hr/index.ts';
import { writeAttendanceSection } from './attendance-report.ts';
import { isMain, log, sleep } from './lib.ts';

/** A month with 22 working days (October 2026), entered on its last day. */
const MONTH = '2026-10';
const TODAY = '2026-10-31';
export const WORKING_DAYS = 22;
/** The old code's fixed waits: after the login, after opening a day, after typing the times. */
export const OLD_WAITS = { loginMs: 10_000, openMs: 2_000, typedMs: 1_000 };

export interface AttendanceResult {
  days: number;
  /** Browser launch, not part of a run (the app keeps one browser for many runs). */
  launchSeconds: number;
  /** fillDays: login + every day, to the last confirmation. */
  seconds: number;
  entered: number;
  /** The same days the old way, measured in full in the same run. */
  oldSeconds: number;
  oldEntered: number;
  /** The part of oldSeconds spent in fixed sleeps. */
  oldSleepSeconds: number;
}

export function workingDays(month: string, count: number): TimeCardDay[] {
  const days: TimeCardDay[] = [];
  for (let d = 1; d <= 31 && days.length < count; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (date.slice(0, 7) === month && weekday !== 0 && weekday !== 6)
      days.push({ date, start: '09:00', end: '18:00' });
  }
  if (days.length !== count) throw new Error(`${month} has ${days.length} working days, not ${count}`);
  return days;
}

/** Sets a field's value the way the old code did (a script, no typing events). */
async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.evaluate(
    `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (el) el.value = ${JSON.stringify(value)}; })()`,
  );
}

/** Reference §6, step by step: fixed sleeps instead of waiting for what the page shows. */
async function oldWay(
  browser: Browser,
  site: HrSite,
  account: HrAccount,
  days: TimeCardDay[],
): Promise<number> {
  const recipe = siteRecipe.parse(site.recipe);
  const context = await browser.newContext();
  const t0 = performance.now();
  try {
    const page = await context.newPage();
    await page.goto(recipe.login.url);
    await setValue(page, '#memberID', account.memberId);
    await setValue(page, '#userID', account.userId);
    await setValue(page, '#password', account.password);
    await page.click('.loginSubmit input');
    await sleep(OLD_WAITS.loginMs);
    for (const day of days) {
      await page.goto(dayUrl(recipe, day.date, account));
      await sleep(OLD_WAITS.openMs);
      await setValue(page, '.start-time', day.start);
      await setValue(page, '.end-time', day.end);
      await sleep(OLD_WAITS.typedMs);
      await page.click('.save');
      // Then it went back to the month's index, as the old code did.
      await page.goto(`${site.url}/${encodeURIComponent(account.memberId)}/tcard`);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    await context.close();
  }
}

export async function benchAttendance(): Promise<AttendanceResult> {
  const accounts = [
    { memberId: 'M0001', userId: 'mina', password: 'bench-pass-1' },
    { memberId: 'M0002', userId: 'junho', password: 'bench-pass-2' },
  ];
  const [now, old] = accounts as [HrAccount, HrAccount];
  const site = await startHrSite({ today: TODAY, accounts });
  const t0 = performance.now();
  const browser = await launchBrowser();
  const launchSeconds = (performance.now() - t0) / 1000;
  try {
    const days = workingDays(MONTH, WORKING_DAYS);
    log(`attendance: entering ${days.length} days with fillDays`);
    const t1 = performance.now();
    const result = await fillDays({ recipe: siteRecipe.parse(site.recipe), account: now, days, browser });
    const seconds = (performance.now() - t1) / 1000;
    if (result.failure)
      throw new Error(`fillDays failed at ${result.failure.step}: ${result.failure.message}`);
    log(`attendance: the same days the old way (fixed sleeps, about ${oldSleepSeconds(days.length)} s)`);
    const oldSeconds = await oldWay(browser, site, old, days);
    return {
      days: days.length,
      launchSeconds,
      seconds,
      entered: site.entries(now.memberId).length,
      oldSeconds,
      oldEntered: site.entries(old.memberId).length,
      oldSleepSeconds: oldSleepSeconds(days.length),
    };
  } finally {
    await browser.close();
    await site.close();
  }
}

export function oldSleepSeconds(days: number): number {
  return (OLD_WAITS.loginMs + days * (OLD_WAITS.openMs + OLD_WAITS.typedMs)) / 1000;
}

if (isMain(import.meta.url)) {
  const r = await benchAttendance();
  process.stdout.write(
    `${r.days} days: fillDays ${r.seconds.toFixed(1)} s (${r.entered} entered; browser launch ${r.launchSeconds.toFixed(1)} s), ` +
      `old way ${r.oldSeconds.toFixed(1)} s (${r.oldEntered} entered)\n`,
  );
  writeAttendanceSection({ ok: true, value: r });
}
