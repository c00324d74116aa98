import { z } from 'zod';
import { byteSizeSchema } from '../../platform/config/byte-size.ts';
import { secretField } from '../../platform/config/secret-fields.ts';

/** One address (`ops@example.com`); messages say what is wrong, never repeat the value. */
export const emailAddress = (what: string) => z.email({ error: `${what} must be an email address` });

const NAMED_ADDRESS = /^[^<>\r\n]*<([^<>\s]+)>$/;

/** `bot@example.com` or `Ops Bot <bot@example.com>`: what mail clients show as the sender. */
const mailbox = z.string().refine(
  (value) => {
    const match = NAMED_ADDRESS.exec(value.trim());
    return emailAddress('from').safeParse(match ? match[1] : value.trim()).success;
  },
  { error: 'from must be an address, or a name and an address ("Ops Bot <bot@example.com>")' },
);

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * `type: smtp` in opsbot.yaml. Defaults follow the port, so the usual blocks stay short and safe:
 * 465 is implicit TLS (`secure`), anything else starts in plain text and must upgrade with STARTTLS
 * before credentials are sent (`requireTLS`) unless a local sink says `requireTLS: false`.
 */
export const smtpOptions = z
  .strictObject({
    host: z.string().min(1, 'host is required'),
    /** 587 (submission, STARTTLS) by default; 465 for implicit TLS. */
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465). Default: true only on 465. */
    secure: z.boolean().optional(),
    /** Refuse to go on when the server offers no STARTTLS. Default: true unless secure. */
    requireTLS: z.boolean().optional(),
    user: z.string().min(1, 'user cannot be empty').optional(),
    password: secretField(z.string().min(1, 'password cannot be empty')).optional(),
    from: mailbox,
    /** The connection's default recipients: what the connection alone (`mail`) delivers to. */
    to: z.array(emailAddress('each to entry')).min(1, 'to needs at least one address').optional(),
    tls: z
      .strictObject({
        /** Only for a server whose certificate cannot be checked at all; prefer `ca`. */
        rejectUnauthorized: z.boolean().default(true),
        /** PEM text of the CA (or self-signed certificate) to trust, e.g. `${file:./smtp-ca.pem}`. */
        ca: z
          .string()
          .includes('-----BEGIN CERTIFICATE-----', { error: 'tls.ca must be PEM text' })
          .optional(),
      })
      .optional(),
    /** The name sent with EHLO (default: this machine's host name). */
    name: z.string().min(1).optional(),
    /** Largest message (attachments decoded) a send may carry; larger ones go dead at once. */
    maxBytes: byteSizeSchema('largest message a send may carry').default(DEFAULT_MAX_BYTES),
    /** Ms to wait for the connection, the greeting and each reply before the attempt is retried. */
    timeout: z.number().int().positive().default(30_000),
  })
  .superRefine((options, ctx) => {
    if (options.password !== undefined && options.user === undefined) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'user is required with a password' });
    }
    if (options.user !== undefined && options.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'password is required with a user' });
    }
    // The classic mistake (reference §5.1): the TLS mode of one well-known port on the other.
    if (options.secure === true && options.port === 587) {
      ctx.addIssue({
        code: 'custom',
        path: ['secure'],
        message: 'port 587 upgrades with STARTTLS: drop secure, or use port 465 for implicit TLS',
      });
    }
    if (options.secure === false && options.port === 465) {
      ctx.addIssue({
        code: 'custom',
        path: ['secure'],
        message: 'port 465 is implicit TLS: drop secure: false, or use port 587 for STARTTLS',
      });
    }
  })
  .transform((options) => {
    const secure = options.secure ?? options.port === 465;
    return { ...options, secure, requireTLS: options.requireTLS ?? !secure };
  });

export type SmtpOptions = z.output<typeof smtpOptions>;
