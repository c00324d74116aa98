import type { Browser } from 'playwright-core';
import type { Options } from './options.ts';
import { type FillResult, type Runner, type RunRequest, WrongPassword } from './runner.ts';
import { launchBrowser } from './site/browser.ts';
import { type FillRequest, fillDays } from './site/fill.ts';

/**
 * The real Runner over the browser code in ./site/: one headless browser, launched on the first
 * run and shared; fillDays opens a context of its own for each run, so runs never share cookies.
 */

/** What the runner drives; tests pass fakes. */
export interface Site {
  launchBrowser(executablePath?: string): Promise<Browser>;
  fillDays(request: FillRequest): Promise<FillResult>;
}

export async function createBrowserRunner(
  options: Options,
  site: Site = { launchBrowser, fillDays },
): Promise<Runner> {
  let launching: Promise<Browser> | undefined;
  let launched: Browser | undefined;
  // Synchronous, so two runs starting together share one launch.
  const shared = (): Promise<Browser> => {
    if (!launching || (launched && !launched.isConnected())) {
      // First run, or the browser died (crash, OOM kill): launch a new one.
      launched = undefined;
      const launch = site.launchBrowser(options.browser.executablePath).then((b) => (launched = b));
      launch.catch(() => {
        if (launching === launch) launching = undefined;
      });
      launching = launch;
    }
    return launching;
  };
  return {
    async fill(request: RunRequest) {
      const result = await site.fillDays({ ...request, recipe: options.site, browser: await shared() });
      // Its message is dropped with it: nothing the login page said reaches a log.
      if (result.failure?.loginRefused) throw new WrongPassword();
      return result;
    },
    async close() {
      const current = await launching?.catch(() => undefined);
      launching = undefined;
      launched = undefined;
      await current?.close();
    },
  };
}
