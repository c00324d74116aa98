import type { Page } from 'playwright-core';

/** Shorter ones would blank out digits of dates and times; no real password is that short. */
const MIN_LENGTH = 3;

/** Replaces the password (as typed, and URL-encoded) in any text that leaves fillDays or the app. */
export function redact(text: string, password: string): string {
  if (password.length < MIN_LENGTH) return text;
  let out = text.split(password).join('***');
  const encoded = encodeURIComponent(password);
  if (encoded !== password) out = out.split(encoded).join('***');
  return out;
}

/**
 * Empties every password input and the recipe's password field, as live value and as attribute,
 * so neither a screenshot nor the page's HTML can show what was typed (the recipe's field may be
 * a plain text input on some sites).
 */
export async function blankSecrets(page: Page, passwordSelector?: string): Promise<void> {
  // Runs in the page; a string, as this project compiles without the DOM's types.
  await page.evaluate(`(${BLANK})(${JSON.stringify(passwordSelector ?? '')})`);
}

const BLANK = `(selector) => {
  const fields = [...document.querySelectorAll('input[type=password]')];
  // A selector the page cannot parse (a Playwright-only one): the password inputs are blanked anyway.
  try { if (selector) fields.push(...document.querySelectorAll(selector)); } catch {}
  for (const field of fields) {
    if ('value' in field) field.value = '';
    field.removeAttribute('value');
  }
}`;

/** Gives up on `work` after `ms`; a late rejection is swallowed. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A PNG of the page with the secrets blanked first; undefined when the page cannot be captured.
 * A save that never answered leaves a navigation pending, and the page runs no script until it is
 * stopped, so loading is stopped first (Chromium's DevTools protocol).
 */
export async function failureScreenshot(page: Page, passwordSelector?: string): Promise<Buffer | undefined> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await within(2_000, cdp.send('Page.stopLoading'));
    await cdp.detach().catch(() => {});
  } catch {
    // Not Chromium, or the page is gone: the blanking below decides whether a picture is taken.
  }
  try {
    await within(3_000, blankSecrets(page, passwordSelector));
    return await page.screenshot({ type: 'png', fullPage: true, timeout: 5_000 });
  } catch {
    // No picture rather than one whose password field could not be blanked.
    return undefined;
  }
}
