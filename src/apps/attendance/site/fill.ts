import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SiteRecipe } from './recipe.ts';
import { failureScreenshot, redact } from './secrets.ts';
import { enterDay, LoginRefused, logIn, StepError } from './steps.ts';

export { LoginRefused };

export interface Account {
  memberId: string;
  userId: string;
  password: string;
}

export interface TimeCardDay {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  start: string;
  end: string;
}

export type DayOutcome = 'entered' | 'already-filled' | 'failed';

export interface DayResult {
  date: string;
  outcome: DayOutcome;
  /** For 'failed': open | fill | submit | confirm. */
  step?: string;
  error?: string;
}

export interface FillRequest {
  recipe: SiteRecipe;
  account: Account;
  days: TimeCardDay[];
  /** Launched by the caller (launchBrowser); each call works in its own context, so runs can share it. */
  browser: Browser;
  /** Checked between days: the run stops with the days done so far and failure step 'aborted'. */
  signal?: AbortSignal;
  onDay?(result: DayResult, done: number, total: number): void | Promise<void>;
  /** How long each step (a page load, a field, the confirmation) may take. Default 15000. */
  stepTimeoutMs?: number;
}

export interface FillFailure {
  /** 'login' | 'day <date>: open|fill|submit|confirm' | 'aborted' */
  step: string;
  message: string;
  /** The site refused the credentials (recipe.login.failure appeared): a wrong password, not a fault. */
  loginRefused?: true;
  /** PNG of the page at the first failure, password fields blanked first. */
  screenshot?: Buffer;
}

export interface FillResult {
  /** One result per day tried, in order; fewer than asked when the run stopped. */
  days: DayResult[];
  /**
   * Why the run stopped (the login, 3 failed days in a row, the signal); when it went through but
   * some day failed, the first failed day.
   */
  failure?: FillFailure;
}

/** Failed days in a row after which the site is taken to be down and the run stops. */
const STOP_AFTER = 3;

/**
 * Logs in once and enters each day through the recipe, in a browser context of its own that is
 * closed at the end whatever happens. The password goes only into the password field: it is
 * redacted from every message returned or thrown, and blanked before the failure screenshot.
 */
export async function fillDays(request: FillRequest): Promise<FillResult> {
  const { password } = request.account;
  const context = await request.browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    return await new FillRun(request, context).run();
  } catch (err) {
    // Not a step failure (the browser went away, onDay threw): rethrown without the password.
    throw new Error(redact(err instanceof Error ? err.message : String(err), password));
  } finally {
    await context.close().catch(() => {});
  }
}

class FillRun {
  private readonly timeoutMs: number;
  private readonly results: DayResult[] = [];
  private firstFailure?: FillFailure;

  private readonly request: FillRequest;
  private readonly context: BrowserContext;
  private page!: Page;

  constructor(request: FillRequest, context: BrowserContext) {
    this.request = request;
    this.context = context;
    this.timeoutMs = request.stepTimeoutMs ?? 15_000;
  }

  private async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.setDefaultTimeout(this.timeoutMs);
    return page;
  }

  async run(): Promise<FillResult> {
    const { recipe, account, days } = this.request;
    if (this.request.signal?.aborted)
      return this.stopped('aborted', 'the run was stopped before it logged in');
    this.page = await this.newPage();
    try {
      await logIn(this.page, recipe, account, this.timeoutMs);
    } catch (err) {
      const failure = await this.fail('login', err);
      return {
        days: [],
        failure: err instanceof LoginRefused ? { ...failure, loginRefused: true } : failure,
      };
    }
    let inARow = 0;
    for (const day of days) {
      if (this.request.signal?.aborted)
        return this.stopped('aborted', 'the run was stopped before every day was entered');
      const result = await this.day(day);
      this.results.push(result);
      await this.request.onDay?.(result, this.results.length, days.length);
      inARow = result.outcome === 'failed' ? inARow + 1 : 0;
      if (inARow >= STOP_AFTER) {
        return this.stopped(
          `day ${day.date}: ${result.step}`,
          `stopped after ${STOP_AFTER} failed days in a row; the last: ${result.error}`,
        );
      }
    }
    return this.firstFailure ? { days: this.results, failure: this.firstFailure } : { days: this.results };
  }

  private async day(day: TimeCardDay): Promise<DayResult> {
    try {
      const outcome = await enterDay(
        this.page,
        this.request.recipe,
        this.request.account,
        day,
        this.timeoutMs,
      );
      return { date: day.date, outcome };
    } catch (err) {
      const name = err instanceof StepError ? err.step : 'open';
      const failure = await this.fail(`day ${day.date}: ${name}`, err);
      // A page that crashed or was closed would fail every later day too: the next one gets a new page.
      if (this.page.isClosed()) this.page = await this.newPage();
      return { date: day.date, outcome: 'failed', step: name, error: failure.message };
    }
  }

  /** Records a failure; the first one also gets the screenshot. */
  private async fail(step: string, err: unknown): Promise<FillFailure> {
    const text = err instanceof Error ? err.message : String(err);
    const failure: FillFailure = { step, message: redact(text, this.request.account.password) };
    if (!this.firstFailure) {
      const screenshot = await failureScreenshot(this.page, this.request.recipe.login.password);
      this.firstFailure = screenshot ? { ...failure, screenshot } : failure;
      return this.firstFailure;
    }
    return failure;
  }

  private stopped(step: string, message: string): FillResult {
    const screenshot = this.firstFailure?.screenshot;
    const failure: FillFailure = { step, message: redact(message, this.request.account.password) };
    return { days: this.results, failure: screenshot ? { ...failure, screenshot } : failure };
  }
}
