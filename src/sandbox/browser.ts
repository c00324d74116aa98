/** Test-only: the headless Chromium the page tests drive. Debian's package, so nothing is downloaded. */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Launches headless Chromium; `test` names the caller when Chromium is missing. Without the
 * background-networking flags Chromium keeps dialling Google's hosts, which this closed network refuses.
 */
export function launchChromium(test: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${test} needs Debian chromium at ${CHROMIUM}: apt-get install chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Launches Chromium with one desktop-sized page. */
export async function openBrowserPage(test: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium(test);
  const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
  return { browser, page };
}
