import { z } from 'zod';
import { secretField } from '../../platform/config/secret-fields.ts';

/**
 * `type: webex` in opsbot.yaml. Messages name the key, never its value: the block holds the bot
 * token and, when given, the webhook secret. Without `webhookSecret` the connection makes one on its
 * first setup and keeps it (encrypted) in its own state.
 */
export const webexOptions = z
  .object({
    token: secretField(z.string().min(1, 'token is required (the bot access token)')),
    webhookSecret: secretField(
      z.string().min(8, 'webhookSecret must be at least 8 characters long'),
    ).optional(),
    apiUrl: z
      .url({ protocol: /^https?$/, error: 'apiUrl must be an http(s) URL' })
      .default('https://webexapis.com/v1'),
  })
  .strict()
  // Paths are appended to apiUrl (`${apiUrl}/messages`): no trailing slash.
  .transform((o) => ({ ...o, apiUrl: o.apiUrl.replace(/\/+$/, '') }));

export type WebexOptions = z.output<typeof webexOptions>;
