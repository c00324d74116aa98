/**
 * `opsbot/connectors/smtp`: the types of an email connection, for `ctx.send('mail', body)` with a
 * native mail (`SmtpBody`: subject, text/html, cc, replyTo, base64 attachments). Types only.
 */
export type { SmtpBody, SmtpOptions } from '../../connectors/smtp/index.ts';
