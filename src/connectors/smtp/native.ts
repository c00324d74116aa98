import { z } from 'zod';
import { emailAddress } from './options.ts';

const NO_LINE_BREAK = /^[^\r\n]*$/;

/**
 * A native mail, for `ctx.send('mail', body)` (reports with files). Attachment content is base64
 * text because the outbox keeps each body as JSON until it is delivered (and retried): raw bytes
 * would not survive that round trip, and base64 is what a Uint8Array is turned into most cheaply.
 */
export const smtpBody = z
  .strictObject({
    subject: z
      .string()
      .min(1, 'subject is required')
      .max(998, 'subject is longer than a mail header line may be')
      .regex(NO_LINE_BREAK, 'subject cannot contain line breaks'),
    text: z.string().optional(),
    html: z.string().optional(),
    /** Replaces the destination's recipients (the connection's default list, or `to/<address>`). */
    to: z.array(emailAddress('each to entry')).min(1, 'to needs at least one address').optional(),
    cc: z.array(emailAddress('each cc entry')).optional(),
    replyTo: emailAddress('replyTo').optional(),
    attachments: z
      .array(
        z.strictObject({
          filename: z
            .string()
            .min(1, 'filename is required')
            .regex(NO_LINE_BREAK, 'filename cannot contain line breaks'),
          content: z.base64({ error: 'content must be base64 text' }),
          /** Default: guessed from the filename's extension. */
          contentType: z
            .string()
            .regex(/^[\w.+-]+\/[\w.+-]+$/, 'contentType must be a MIME type')
            .optional(),
        }),
      )
      .optional(),
  })
  .refine((body) => body.text !== undefined || body.html !== undefined, {
    path: ['text'],
    error: 'a mail needs text or html',
  });

export type SmtpBody = z.output<typeof smtpBody>;

/** Decoded size of base64 text, without decoding it (to refuse a huge attachment cheaply). */
export function base64Bytes(content: string): number {
  const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0;
  return Math.floor((content.length * 3) / 4) - padding;
}
