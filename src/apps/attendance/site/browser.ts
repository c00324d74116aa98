import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Launches headless Chromium for fillDays. The system's package is used (Debian's `chromium`), so
 * nothing is downloaded at run time. The caller closes it; each fillDays call opens its own context.
 */
export async function launchBrowser(executablePath = '/usr/bin/chromium'): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `the attendance app needs Chromium at ${executablePath} (on Debian or Ubuntu: apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // --no-sandbox: the app runs as an unprivileged service user, often in a container, where
    // Chromium's own sandbox cannot start. The pages it opens are the configured HR site only.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
