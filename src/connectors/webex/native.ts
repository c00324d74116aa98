import { z } from 'zod';

/**
 * A native Webex message: a POST /messages body without the target (the destination names it).
 * Webex takes one file (a public URL) and one card per message.
 */
const attachment = z.looseObject({
  contentType: z.string().min(1),
  content: z.record(z.string(), z.unknown()),
});

export const webexBody = z
  .object({
    text: z.string().optional(),
    markdown: z.string().optional(),
    html: z.string().optional(),
    attachments: z.array(attachment).max(1, 'Webex takes one card per message').optional(),
    files: z.array(z.url()).max(1, 'Webex takes one file per message').optional(),
    parentId: z.string().min(1).optional(),
  })
  .strict()
  .refine(
    (b) =>
      b.text !== undefined ||
      b.markdown !== undefined ||
      b.html !== undefined ||
      (b.attachments?.length ?? 0) > 0 ||
      (b.files?.length ?? 0) > 0,
    { message: 'needs text, markdown, html, attachments or files' },
  );

export type WebexBody = z.output<typeof webexBody>;
