import { z } from 'zod';
import { secretField } from '../../platform/config/secret-fields.ts';

/**
 * `type: slack` in opsbot.yaml. Messages name the key, never its value: the block holds the bot
 * token, the signing secret and the app token.
 */
export const slackOptions = z
  .object({
    botToken: secretField(z.string().regex(/^xoxb-/, 'botToken must be a bot token (xoxb-…)')),
    signingSecret: secretField(z.string().min(1, 'signingSecret is required')),
    /** An app-level token (xapp-…) turns on Socket Mode: events come over a socket, not /hooks. */
    appToken: secretField(
      z.string().regex(/^xapp-/, 'appToken must be an app-level token (xapp-…)'),
    ).optional(),
    apiUrl: z
      .url({ protocol: /^https?$/, error: 'apiUrl must be an http(s) URL' })
      .default('https://slack.com/api/'),
  })
  .strict()
  // The Web API client appends method names to apiUrl: it must end with exactly one slash.
  .transform((o) => ({ ...o, apiUrl: `${o.apiUrl.replace(/\/+$/, '')}/` }));

export type SlackOptions = z.output<typeof slackOptions>;
