import { z } from 'opsbot';

/**
 * The HR site is configured, not coded: a recipe of URLs and CSS selectors says where the login
 * fields are and how one day's time card is opened, filled and saved. A new site (or a redesign
 * of the old one) is a config change, not a release.
 */

/** Placeholders a URL may hold; anything else in braces is a typo the schema names. */
export const PLACEHOLDERS = ['date', 'yyyymmdd', 'yyyymm', 'memberId', 'userId'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Fills a URL template; every value is URL-encoded so an ID cannot change the URL's shape. */
function fillTemplate(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name as Placeholder];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

const SAMPLE = { date: '2026-01-02', yyyymmdd: '20260102', yyyymm: '202601', memberId: 'm', userId: 'u' };

/** An http(s) URL that may hold the known placeholders. */
const urlTemplate = z.string().superRefine((text, ctx) => {
  const unknown = [...text.matchAll(PLACEHOLDER)]
    .map((m) => m[1] ?? '')
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
    });
    return;
  }
  let url: URL;
  try {
    url = new URL(fillTemplate(text, SAMPLE));
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a URL` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({
      code: 'custom',
      message: `the URL must start with http:// or https://, not ${url.protocol}//`,
    });
  }
});

const selector = (what: string) =>
  z
    .string({ error: `${what}: a CSS selector` })
    .trim()
    .min(1, { error: `${what}: a CSS selector, not empty` });

export const siteRecipe = z.strictObject({
  login: z.strictObject({
    url: urlTemplate,
    memberId: selector('the member ID field').optional(),
    userId: selector('the user ID field').optional(),
    password: selector('the password field').optional(),
    submit: selector('the login button'),
    /** Present after a refused login: the credentials are wrong. */
    failure: selector('the element a refused login shows').optional(),
  }),
  day: z.strictObject({
    url: urlTemplate,
    start: selector('the start time field'),
    end: selector('the end time field'),
    submit: selector('the save button'),
    /** Appears once the day is stored. */
    done: selector('the element shown once the day is saved'),
    /** Matches when the day already has an entry, which is then left alone. */
    filled: selector('the element that tells a day already has an entry').optional(),
  }),
});

export type SiteRecipe = z.output<typeof siteRecipe>;

/** The day page's URL for one account and date (YYYY-MM-DD). */
export function dayUrl(
  recipe: SiteRecipe,
  date: string,
  account: { memberId: string; userId: string },
): string {
  const compact = date.replaceAll('-', '');
  return fillTemplate(recipe.day.url, {
    date,
    yyyymmdd: compact,
    yyyymm: compact.slice(0, 6),
    memberId: account.memberId,
    userId: account.userId,
  });
}

/** The login page's URL; only the account placeholders make sense there. */
export function loginUrl(recipe: SiteRecipe, account: { memberId: string; userId: string }): string {
  return fillTemplate(recipe.login.url, { memberId: account.memberId, userId: account.userId });
}
