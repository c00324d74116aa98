/** Test-only: the headless Chromium the page tests drive. Debian's package, so nothing is downloaded. */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Launches Chromium with one desktop-sized page; `test` names the caller when Chromium is missing. */
export async function openBrowserPage(test: string): Promise<{ browser: Browser; page: Page }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${test} needs Debian chromium at ${CHROMIUM}: apt-get install chromium`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
  return { browser, page };
}
