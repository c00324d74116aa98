import { z } from 'zod';

/**
 * A native Slack message: a chat.postMessage body without the channel (the target names it).
 * Known keys are checked; others Slack accepts (icon_emoji, metadata, …) pass through.
 */
const block = z.record(z.string(), z.unknown());

export const slackBody = z
  .looseObject({
    text: z.string().optional(),
    blocks: z.array(block).max(50).optional(),
    attachments: z.array(block).optional(),
    thread_ts: z.string().optional(),
    reply_broadcast: z.boolean().optional(),
    mrkdwn: z.boolean().optional(),
    unfurl_links: z.boolean().optional(),
    unfurl_media: z.boolean().optional(),
    response_type: z.enum(['ephemeral', 'in_channel']).optional(),
    replace_original: z.boolean().optional(),
  })
  .refine((b) => b.text !== undefined || b.blocks !== undefined || b.attachments !== undefined, {
    message: 'needs text, blocks or attachments',
  });

export type SlackBody = z.output<typeof slackBody>;
