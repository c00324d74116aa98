import { z } from 'opsbot';
import { siteRecipe } from './site/recipe.ts';

/** `with:` of builtin:attendance; `site` is the HR site's recipe (./site/recipe.ts). */
export const options = z.object({
  /** The slash command, without "/". */
  command: z.string().min(1).default('attendance'),
  /** The callback_id of the global shortcut that opens the same forms. */
  shortcut: z.string().min(1).default('attendance'),
  /** Where run summaries go as well as to the person, e.g. slack/channel/C0123. */
  target: z.string().min(1).optional(),
  /**
   * 'modal': the password is asked in the messenger's own form (a Slack modal shows it in clear
   * text); 'page': a signed single-use page where it is a masked input (needs http.publicUrl).
   */
  passwordEntry: z.enum(['modal', 'page']).default('modal'),
  /** Browser runs at once; more requests wait in line. */
  concurrency: z.number().int().min(1).max(10).default(2),
  /** The holiday calendar whose weekday closures are not working days. */
  calendar: z.string().min(1).default('KR'),
  browser: z
    .object({ executablePath: z.string().min(1).default('/usr/bin/chromium') })
    .default({ executablePath: '/usr/bin/chromium' }),
  /** The HR site: URLs and CSS selectors (./site/recipe.ts), checked with the config. */
  site: siteRecipe,
});

export type Options = z.output<typeof options>;
