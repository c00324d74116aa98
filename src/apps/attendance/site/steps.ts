import type { Page } from 'playwright-core';
import { dayUrl, loginUrl, type SiteRecipe } from './recipe.ts';

/**
 * The browser steps of one run. Every wait is on a selector or a navigation with the step's
 * timeout, never a fixed sleep: a fast site goes fast, a slow one still gets its full time.
 */

/** A step that did not work, with the step's name ('open', 'fill', ...). */
export class StepError extends Error {
  readonly step: string;

  constructor(step: string, message: string) {
    super(message);
    this.step = step;
  }
}

/** The credentials were refused: the recipe's `login.failure` element appeared. */
export class LoginRefused extends Error {
  constructor() {
    super('the HR site refused the login: the member ID, user ID or password is wrong');
  }
}

/** Runs one step; a Playwright timeout becomes a plain sentence naming what was awaited. */
async function step<T>(name: string, what: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StepError || err instanceof LoginRefused) throw err;
    const e = err instanceof Error ? err : new Error(String(err));
    const message =
      e.name === 'TimeoutError'
        ? `${what}: nothing within ${timeoutMs} ms`
        : `${what}: ${(e.message.split('\n')[0] ?? '').trim()}`;
    throw new StepError(name, message);
  }
}

async function open(page: Page, url: string, timeoutMs: number): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  if (response && response.status() >= 400) throw new Error(`the site answered HTTP ${response.status()}`);
}

export interface Credentials {
  memberId: string;
  userId: string;
  password: string;
}

export async function logIn(page: Page, recipe: SiteRecipe, account: Credentials, timeoutMs: number) {
  const { login } = recipe;
  await step('login', 'opening the login page', timeoutMs, () =>
    open(page, loginUrl(recipe, account), timeoutMs),
  );
  await step('login', 'filling the login form', timeoutMs, async () => {
    if (login.memberId) await page.locator(login.memberId).fill(account.memberId, { timeout: timeoutMs });
    if (login.userId) await page.locator(login.userId).fill(account.userId, { timeout: timeoutMs });
    if (login.password) await page.locator(login.password).fill(account.password, { timeout: timeoutMs });
  });
  await step('login', 'submitting the login form', timeoutMs, async () => {
    // The answer is a new page, whether the login worked or not; wait for it, then look.
    const answered = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === page.mainFrame(),
      timeout: timeoutMs,
    });
    await page.locator(login.submit).click({ timeout: timeoutMs });
    await answered;
    await page.waitForLoadState('domcontentloaded', { timeout: timeoutMs });
  });
  if (login.failure && (await page.locator(login.failure).count()) > 0) throw new LoginRefused();
}

export interface DayInput {
  date: string;
  start: string;
  end: string;
}

/** Enters one day; 'already-filled' when the recipe's `filled` selector matches on the day page. */
export async function enterDay(
  page: Page,
  recipe: SiteRecipe,
  account: Credentials,
  day: DayInput,
  timeoutMs: number,
): Promise<'entered' | 'already-filled'> {
  const { day: d } = recipe;
  await step('open', 'opening the day page', timeoutMs, () =>
    open(page, dayUrl(recipe, day.date, account), timeoutMs),
  );
  if (d.filled && (await page.locator(d.filled).count()) > 0) return 'already-filled';
  await step('fill', 'filling the start and end times', timeoutMs, async () => {
    await page.locator(d.start).first().fill(day.start, { timeout: timeoutMs });
    await page.locator(d.end).first().fill(day.end, { timeout: timeoutMs });
  });
  await step('submit', 'clicking the save button', timeoutMs, () =>
    page.locator(d.submit).first().click({ timeout: timeoutMs }),
  );
  await step('confirm', `waiting for "${d.done}"`, timeoutMs, () =>
    page.locator(d.done).first().waitFor({ state: 'visible', timeout: timeoutMs }),
  );
  return 'entered';
}
