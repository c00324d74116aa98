import { createRequire } from 'node:module';
import type Nodemailer from 'nodemailer';
import { NO_CAPABILITIES } from '../../platform/config/capabilities.ts';
import type { Logger } from '../../platform/log.ts';
import { defineConnector } from '../define.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import type { OutboundPayload } from '../types.ts';
import { mailDeliveryError } from './errors.ts';
import { base64Bytes, type SmtpBody, smtpBody } from './native.ts';
import { emailAddress, type SmtpOptions, smtpOptions } from './options.ts';
import { renderMail } from './render.ts';

// Loaded by the first SMTP connection, not by every daemon that knows the connector.
const require = createRequire(import.meta.url);

export type { SmtpBody } from './native.ts';
export type { SmtpOptions } from './options.ts';

/** The mail nodemailer is given for one send. */
interface OutgoingMail {
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>;
}

/** A reply of nodemailer's sendMail: who the server took, who it refused (with the reply). */
interface SentInfo {
  accepted?: unknown[];
  rejected?: unknown[];
  rejectedErrors?: Array<{ recipient?: string; response?: string }>;
  messageId?: string;
}

export const smtpConnector = defineConnector({
  type: 'smtp',
  options: smtpOptions,
  native: smtpBody,
  // Mail is for reports and alerts, not a chat stream, and relays throttle bulk senders: Exchange
  // Online, a common relay, allows 30 messages a minute per mailbox. Config `rateLimit` overrides.
  defaultRateLimit: 30,
  capabilities: (options) => ({
    ...NO_CAPABILITIES,
    send: true,
    destinations: ['to'],
    // The connection alone is its default list; without one, config load refuses a bare `mail`.
    bare: options.to !== undefined,
    files: true,
  }),
  create(ctx) {
    const { options, log } = ctx;
    const redactor = ctx.redactor.scope();
    redactor.addAll(credentialForms(options));
    const scrub = (text: string): string => redactor.redact(text);
    const where = `${options.host}:${options.port}`;
    warnIfClear(options, log);
    // One pooled transport per connection: the outbox sends one mail after another, and a kept
    // connection saves a TLS handshake and a login per mail.
    const nodemailer = require('nodemailer') as typeof Nodemailer;
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 2,
      // The outbox owns retries (with backoff and a record); a requeue inside nodemailer would hide them.
      maxRequeues: 0,
      // Closed before servers usually drop an idle session, so a send rarely meets a dead socket.
      idleTimeout: 30_000,
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTLS,
      ...(options.user && options.password ? { auth: { user: options.user, pass: options.password } } : {}),
      ...(options.name ? { name: options.name } : {}),
      tls: {
        rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
        ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
      },
      connectionTimeout: options.timeout,
      greetingTimeout: options.timeout,
      socketTimeout: options.timeout,
      // nodemailer's own logger would write the session (AUTH lines included): never on.
      logger: false,
      debug: false,
    });

    return {
      async send(destination: string, payload: OutboundPayload<SmtpBody>): Promise<void> {
        const mail = mailOf(payload, recipientsOf(destination, options), options);
        let info: SentInfo;
        try {
          info = (await transport.sendMail({ from: options.from, ...mail })) as SentInfo;
        } catch (err) {
          throw mailDeliveryError(err, where, scrub);
        }
        logPartial(info, log, scrub);
      },
      /**
       * Connects and logs in once at start, so a wrong password or an unreachable server shows in
       * the log when the daemon starts rather than with the first report hours later.
       */
      async setup(): Promise<void> {
        try {
          await transport.verify();
          log.info({ host: options.host, port: options.port }, 'smtp server reachable and login accepted');
        } catch (err) {
          const problem = mailDeliveryError(err, where, scrub);
          log.warn({ host: options.host, port: options.port, reason: problem.message }, 'smtp check failed');
        }
      },
      async close(): Promise<void> {
        transport.close();
      },
    };
  },
});

/**
 * The password in every form an SMTP exchange carries it: as is, base64 (AUTH LOGIN) and inside the
 * base64 AUTH PLAIN token, so a server that quotes the exchange back cannot leak it.
 */
function credentialForms(options: SmtpOptions): string[] {
  if (!options.password) return [];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const user = options.user ?? '';
  return [options.password, b64(options.password), b64(`\u0000${user}\u0000${options.password}`)];
}

function warnIfClear(options: SmtpOptions, log: Logger): void {
  const loopback = /^(127\.|localhost$|::1$|\[::1\]$)/.test(options.host);
  if (!options.secure && !options.requireTLS && options.password && !loopback) {
    log.warn(
      { host: options.host, port: options.port },
      'smtp connection has requireTLS: false: the password may be sent in clear text',
    );
  }
}

/** The connection's default list (a bare target), or the one address of `to/<address>`. */
function recipientsOf(destination: string, options: SmtpOptions): string[] {
  if (destination === '') {
    if (!options.to) {
      throw new DeliveryError(
        'this smtp connection has no default `to` list; send to <connection>/to/<address>',
        {
          retryable: false,
        },
      );
    }
    return options.to;
  }
  const address = destination.startsWith('to/') ? destination.slice(3) : '';
  if (!emailAddress('to').safeParse(address).success) {
    throw new DeliveryError(`not an smtp destination: "${destination}" (expected to/<address>)`, {
      retryable: false,
    });
  }
  return [address];
}

function mailOf(payload: OutboundPayload<SmtpBody>, to: string[], options: SmtpOptions): OutgoingMail {
  if (payload.kind === 'portable') return { to, ...renderMail(payload.message) };
  if (payload.kind === 'form') {
    // Unreachable: the connection declares no forms, so defineConnector refuses them before send().
    throw new DeliveryError('an smtp connection cannot show forms', { retryable: false });
  }
  const body = payload.body;
  const size = (body.attachments ?? []).reduce((sum, a) => sum + base64Bytes(a.content), 0);
  const total = size + Buffer.byteLength(body.text ?? '') + Buffer.byteLength(body.html ?? '');
  if (total > options.maxBytes) {
    throw new DeliveryError(
      `the mail is ${megabytes(total)}, more than this connection's maxBytes (${megabytes(options.maxBytes)})`,
      { retryable: false },
    );
  }
  return {
    to: body.to ?? to,
    subject: body.subject,
    ...(body.cc?.length ? { cc: body.cc } : {}),
    ...(body.replyTo ? { replyTo: body.replyTo } : {}),
    ...(body.text === undefined ? {} : { text: body.text }),
    ...(body.html === undefined ? {} : { html: body.html }),
    ...(body.attachments?.length
      ? {
          attachments: body.attachments.map((a) => ({
            filename: a.filename,
            content: Buffer.from(a.content, 'base64'),
            ...(a.contentType ? { contentType: a.contentType } : {}),
          })),
        }
      : {}),
  };
}

function megabytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Some recipients refused, others accepted: the mail is delivered (to the accepted ones) and the
 * refusals are logged. Retrying the whole send would mail the accepted recipients a second time,
 * and one outbox item has no per-recipient state to retry only the rest.
 */
function logPartial(info: SentInfo, log: Logger, scrub: (text: string) => string): void {
  if (!info.rejected?.length) return;
  const refused = (info.rejectedErrors ?? []).map((e) => ({
    recipient: e.recipient,
    reply: scrub(e.response ?? ''),
  }));
  log.warn(
    { accepted: info.accepted?.length ?? 0, rejected: info.rejected.map(String), refused },
    'smtp server refused some recipients; delivered to the others',
  );
}
