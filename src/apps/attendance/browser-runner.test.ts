import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBrowserRunner, type Site } from './browser-runner.ts';
import { options } from './options.ts';
import { type FillResult, WrongPassword } from './runner.ts';
import { TEST_RECIPE } from './test-helpers.ts';

function fakeBrowser() {
  const browser = {
    connected: true,
    closed: 0,
    isConnected: () => browser.connected,
    close: async () => void browser.closed++,
  };
  return browser;
}

/** A site whose fillDays answers with `answer`, counting launches and the recipes it was given. */
function fakeSite(answer: () => Promise<FillResult>) {
  const launched: ReturnType<typeof fakeBrowser>[] = [];
  const recipes: unknown[] = [];
  const site: Site = {
    launchBrowser: async () => {
      const b = fakeBrowser();
      launched.push(b);
      return b as unknown as Browser;
    },
    fillDays: async (request) => {
      recipes.push(request.recipe);
      return answer();
    },
  };
  return { site, launched, recipes };
}

const opts = options.parse({ site: TEST_RECIPE });
const request = { account: { memberId: 'm', userId: 'u', password: 'pw-123' }, days: [] };

describe('the browser runner', () => {
  it('launches one browser for runs that start together, and a new one after it died', async () => {
    const fake = fakeSite(async () => ({ days: [] }));
    const runner = await createBrowserRunner(opts, fake.site);
    expect(fake.launched).toHaveLength(0);
    await Promise.all([runner.fill(request), runner.fill(request)]);
    expect(fake.launched).toHaveLength(1);
    fake.launched[0]!.connected = false;
    await runner.fill(request);
    expect(fake.launched).toHaveLength(2);
    await runner.close();
    expect(fake.launched.map((b) => b.closed)).toEqual([0, 1]);
    expect(fake.recipes).toEqual([opts.site, opts.site, opts.site]);
  });

  it('a login the site refused becomes WrongPassword; a login that timed out is a failure to report', async () => {
    const refused = fakeSite(async () => ({
      days: [],
      failure: { step: 'login', message: 'the HR site refused the login', loginRefused: true },
    }));
    await expect((await createBrowserRunner(opts, refused.site)).fill(request)).rejects.toBeInstanceOf(
      WrongPassword,
    );
    const timeout = {
      days: [],
      failure: { step: 'login', message: 'the login page: nothing within 15000 ms' },
    };
    const slow = fakeSite(async () => timeout);
    await expect((await createBrowserRunner(opts, slow.site)).fill(request)).resolves.toEqual(timeout);
  });
});
