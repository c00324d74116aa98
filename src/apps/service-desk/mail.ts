import type { AppContext } from 'opsbot';
import type { Options } from './options.ts';

export interface Attachment {
  filename: string;
  /** Base64. */
  content: string;
  contentType: string;
}

/** A mail as the smtp connection takes it natively (ctx.send). */
export interface Mail {
  subject: string;
  text: string;
  attachments?: Attachment[];
}

/** Whether the mail connection is configured (people who never wrote can then be mailed). */
export async function canMail(ctx: AppContext<Options>): Promise<boolean> {
  return (await ctx.connections()).some((c) => c.name === ctx.options.mailConnection);
}

/** Digests need the mail connection: say so plainly rather than fail on each manager's target. */
export async function requireMail(ctx: AppContext<Options>): Promise<void> {
  if (await canMail(ctx)) return;
  throw new Error(
    `service-desk: no connection "${ctx.options.mailConnection}" to mail the managers (with.mailConnection)`,
  );
}

/** Mails an address through the mail connection. */
export async function mailTo(ctx: AppContext<Options>, address: string, mail: Mail): Promise<void> {
  await ctx.send(`${ctx.options.mailConnection}/to/${address}`, mail);
}

/** Mails a team's manager; `with.mail`, when set, gets a copy (an archive, a team list). */
export async function mailManager(ctx: AppContext<Options>, manager: string, mail: Mail): Promise<void> {
  await mailTo(ctx, manager, mail);
  if (ctx.options.mail) await ctx.send(ctx.options.mail, mail);
}

export const csvAttachment = (filename: string, csv: string): Attachment => ({
  filename,
  content: Buffer.from(csv, 'utf8').toString('base64'),
  contentType: 'text/csv',
});

const CONTENT_TYPES: Record<string, string> = {
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export const contentTypeOf = (ext: string): string => CONTENT_TYPES[ext] ?? 'application/octet-stream';
