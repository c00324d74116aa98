import type { Browser } from 'playwright-core';
import type { Options } from './options.ts';
import { type FillResult, type Runner, type RunRequest, WrongPassword } from './runner.ts';

/**
 * The real Runner over the browser code in ./site/: one headless browser, launched on the first
 * run and shared; fillDays opens a context of its own for each run, so runs never share cookies.
 * The modules are imported by URL at start, so the app (and its tests) load without them.
 */

export interface SiteModules {
  recipe: { siteRecipe: { parse(input: unknown): unknown } };
  browser: { launchBrowser(executablePath?: string): Promise<Browser> };
  fill: {
    LoginRefused: new () => Error;
    fillDays(request: RunRequest & { recipe: unknown; browser: Browser }): Promise<FillResult>;
  };
}

async function importSite(): Promise<SiteModules> {
  const load = (name: string) => import(new URL(`./site/${name}.ts`, import.meta.url).href);
  const [recipe, browser, fill] = await Promise.all([load('recipe'), load('browser'), load('fill')]);
  return { recipe, browser, fill } as SiteModules;
}

/** `load` is for tests: the site modules without a browser. */
export async function createBrowserRunner(options: Options, load = importSite): Promise<Runner> {
  if (options.site === undefined) throw new Error('attendance: with.site (the HR site recipe) is required');
  const site = await load();
  // A bad recipe fails the app's start with the schema's message, not a person's run.
  const recipe = site.recipe.siteRecipe.parse(options.site);
  const refusedText = new site.fill.LoginRefused().message;
  let launching: Promise<Browser> | undefined;
  let launched: Browser | undefined;
  // Synchronous, so two runs starting together share one launch.
  const shared = (): Promise<Browser> => {
    if (!launching || (launched && !launched.isConnected())) {
      // First run, or the browser died (crash, OOM kill): launch a new one.
      launched = undefined;
      const launch = site.browser.launchBrowser(options.browser.executablePath).then((b) => (launched = b));
      launch.catch(() => {
        if (launching === launch) launching = undefined;
      });
      launching = launch;
    }
    return launching;
  };
  return {
    async fill(request) {
      try {
        const result = await site.fill.fillDays({ ...request, recipe, browser: await shared() });
        if (isRefusedLogin(result, refusedText)) throw new WrongPassword();
        return result;
      } catch (err) {
        // Its message is dropped with it: nothing the login page said reaches a log.
        if (err instanceof site.fill.LoginRefused) throw new WrongPassword();
        throw err;
      }
    },
    async close() {
      const current = await launching?.catch(() => undefined);
      launching = undefined;
      launched = undefined;
      await current?.close();
    },
  };
}

/**
 * fillDays may also report a refused login as the failure of its login step rather than throw
 * LoginRefused; both mean the same to the person.
 */
function isRefusedLogin(result: FillResult, refusedText: string): boolean {
  return (
    result.days.length === 0 && result.failure?.step === 'login' && result.failure.message === refusedText
  );
}
