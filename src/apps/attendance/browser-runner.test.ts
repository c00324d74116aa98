import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBrowserRunner, type SiteModules } from './browser-runner.ts';
import { options } from './options.ts';
import { type FillResult, WrongPassword } from './runner.ts';

class LoginRefused extends Error {
  constructor() {
    super('the HR site refused the login');
  }
}

function fakeBrowser() {
  const browser = {
    connected: true,
    closed: 0,
    isConnected: () => browser.connected,
    close: async () => void browser.closed++,
  };
  return browser;
}

/** Site modules whose fillDays answers with `answer`, counting launches. */
function fakeSite(answer: (browser: Browser) => Promise<FillResult>) {
  const launched: ReturnType<typeof fakeBrowser>[] = [];
  const recipes: unknown[] = [];
  const modules: SiteModules = {
    recipe: {
      siteRecipe: {
        parse: (input) => {
          if (typeof input !== 'object') throw new Error('recipe: expected an object');
          recipes.push(input);
          return input;
        },
      },
    },
    browser: {
      launchBrowser: async () => {
        const b = fakeBrowser();
        launched.push(b);
        return b as unknown as Browser;
      },
    },
    fill: { LoginRefused, fillDays: (request) => answer(request.browser) },
  };
  return { modules, launched, recipes };
}

const opts = (site: unknown) => options.parse({ site });
const request = { account: { memberId: 'm', userId: 'u', password: 'pw-123' }, days: [] };

describe('the browser runner', () => {
  it('needs a recipe and checks it at creation', async () => {
    const site = fakeSite(async () => ({ days: [] }));
    await expect(createBrowserRunner(opts(undefined), async () => site.modules)).rejects.toThrow(
      'attendance: with.site (the HR site recipe) is required',
    );
    await expect(createBrowserRunner(opts('x'), async () => site.modules)).rejects.toThrow(
      'recipe: expected an object',
    );
    expect(site.launched).toHaveLength(0);
  });

  it('launches one browser for runs that start together, and a new one after it died', async () => {
    const site = fakeSite(async () => ({ days: [] }));
    const runner = await createBrowserRunner(opts({ login: {} }), async () => site.modules);
    expect(site.launched).toHaveLength(0);
    await Promise.all([runner.fill(request), runner.fill(request)]);
    expect(site.launched).toHaveLength(1);
    site.launched[0]!.connected = false;
    await runner.fill(request);
    expect(site.launched).toHaveLength(2);
    await runner.close();
    expect(site.launched.map((b) => b.closed)).toEqual([0, 1]);
    expect(site.recipes).toEqual([{ login: {} }]);
  });

  it('a refused login, thrown or reported as the login step, becomes WrongPassword', async () => {
    const thrown = fakeSite(async () => {
      throw new LoginRefused();
    });
    const a = await createBrowserRunner(opts({}), async () => thrown.modules);
    await expect(a.fill(request)).rejects.toBeInstanceOf(WrongPassword);
    const reported = fakeSite(async () => ({
      days: [],
      failure: { step: 'login', message: 'the HR site refused the login' },
    }));
    const b = await createBrowserRunner(opts({}), async () => reported.modules);
    await expect(b.fill(request)).rejects.toBeInstanceOf(WrongPassword);
    // A login that timed out is a failure to report, not a wrong password.
    const timeout = {
      days: [],
      failure: { step: 'login', message: 'the login page: nothing within 15000 ms' },
    };
    const c = await createBrowserRunner(opts({}), async () => fakeSite(async () => timeout).modules);
    await expect(c.fill(request)).resolves.toEqual(timeout);
  });
});
