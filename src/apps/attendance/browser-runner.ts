import type { Browser } from 'playwright-core';
import type { Options } from './options.ts';
import { type FillResult, type Runner, type RunRequest, WrongPassword } from './runner.ts';

/**
 * The real Runner over the browser code in ./site/: one headless browser, launched on the first
 * run and shared; fillDays opens a context of its own for each run, so runs never share cookies.
 * The modules are imported by URL at start, so the app (and its tests) load without them.
 */

interface SiteModules {
  recipe: { siteRecipe: { parse(input: unknown): unknown } };
  browser: { launchBrowser(executablePath?: string): Promise<Browser> };
  fill: {
    LoginRefused: new (...args: never[]) => Error;
    fillDays(request: RunRequest & { recipe: unknown; browser: Browser }): Promise<FillResult>;
  };
}

async function importSite(): Promise<SiteModules> {
  const load = (name: string) => import(new URL(`./site/${name}.ts`, import.meta.url).href);
  const [recipe, browser, fill] = await Promise.all([load('recipe'), load('browser'), load('fill')]);
  return { recipe, browser, fill } as SiteModules;
}

export async function createBrowserRunner(options: Options): Promise<Runner> {
  const site = await importSite();
  // A bad recipe fails the app's start with the schema's message, not a person's run.
  const recipe = site.recipe.siteRecipe.parse(options.site ?? {});
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
        return await site.fill.fillDays({ ...request, recipe, browser: await shared() });
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
