import { DeliveryError } from '../kit/delivery-error.ts';

/** What nodemailer attaches to its errors (see its NodemailerError), as far as we read it. */
interface MailerError {
  code?: string;
  originalCode?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
}

/**
 * Failures of the connection itself (refused, dropped, timed out, DNS, TLS handshake or STARTTLS):
 * the same mail may go through later, so they are retried whatever reply code they carry (a server
 * that offers no STARTTLS answers it 5xx, yet a stripped STARTTLS is exactly what must not go dead
 * silently on the first try nor be sent in clear).
 */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY']);

/** What the refused command was about, for a reason a person can act on. */
function refusedWhat(command: string | undefined): string {
  if (!command) return 'the mail';
  if (command.startsWith('AUTH')) return 'the login';
  if (command === 'RCPT TO') return 'the recipients';
  if (command === 'MAIL FROM') return 'the sender';
  if (command === 'CONN' || command === 'EHLO') return 'the connection';
  return 'the mail';
}

/** A reply may be several lines ("550-…\r\n550 …"): one line is enough for a reason. */
function oneLine(text: string): string {
  return text
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim()
    .slice(0, 300);
}

/**
 * The one mapping from a nodemailer failure to what the outbox does (reference §5): connection
 * failures and 4xx replies (421 closing, 450/451/452 mailbox busy, local error, no storage) and 503
 * (bad sequence: a new session may work) are retried; other 5xx (550 mailbox unavailable, 553 bad
 * address, 554 refused, 535 login refused) go dead with the server's reply as the reason. `status`
 * is the SMTP reply code. Every text passes `scrub` (credentials never leave here).
 */
export function mailDeliveryError(
  err: unknown,
  where: string,
  scrub: (text: string) => string,
): DeliveryError {
  const e: MailerError = err !== null && typeof err === 'object' ? (err as MailerError) : {};
  const code = e.code;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reply = e.response ? oneLine(scrub(e.response)) : undefined;

  if (code !== undefined && CONNECTION_CODES.has(code)) {
    const cause = connectionCause(e, reply);
    return new DeliveryError(scrub(`SMTP connection to ${where} failed: ${cause}`), {
      retryable: true,
      ...(status === undefined ? {} : { status }),
    });
  }
  if (status !== undefined && reply) {
    const retryable = status < 500 || status === 503;
    const what = refusedWhat(e.command);
    const verb = retryable ? 'deferred' : 'refused';
    return new DeliveryError(`SMTP server ${verb} ${what}: ${reply}`, { retryable, status });
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return new DeliveryError(scrub(`SMTP login failed: ${e.message ?? code}`), { retryable: false });
  }
  if (code === 'EMESSAGE' || code === 'EENVELOPE' || code === 'ECONFIG') {
    return new DeliveryError(scrub(`SMTP send refused: ${e.message ?? code}`), { retryable: false });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new DeliveryError(scrub(`SMTP send failed: ${code ?? text}`), { retryable: true });
}

function connectionCause(e: MailerError, reply: string | undefined): string {
  if (e.command === 'STARTTLS' && reply) {
    return `the server refused STARTTLS (${reply}); requireTLS keeps the login from going in clear text`;
  }
  if (reply) return `${e.code}: ${reply}`;
  if (e.code === 'ETIMEDOUT') return `timed out${e.timeoutType ? ` (${e.timeoutType})` : ''}`;
  // A TLS failure's message is the useful part ("self-signed certificate", "wrong version number").
  if (e.code === 'ETLS' || (e.originalCode && /CERT|SSL|TLS/i.test(e.originalCode))) {
    return `${e.code}: ${oneLine(e.message ?? '')}`;
  }
  return e.originalCode ?? e.code ?? 'unknown error';
}
