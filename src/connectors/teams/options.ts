import { z } from 'zod';
import { secretField } from '../../platform/config/secret-fields.ts';

/**
 * `type: teams` in opsbot.yaml: a Power Automate "Workflows" webhook ("When a Teams webhook request
 * is received"). The URL is the credential: its `sig` query parameter signs it, and anyone holding
 * it can post to the channel, so it is masked in `config show` and scrubbed from errors and logs.
 */
export const teamsOptions = z.strictObject({
  url: secretField(
    z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL (the Workflows webhook URL)' }),
  ),
  /** Ms to wait for the whole answer before the attempt counts as failed (and is retried). */
  timeout: z.number().int().positive().default(10_000),
});

export type TeamsOptions = z.output<typeof teamsOptions>;
