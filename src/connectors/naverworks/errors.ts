import { OpsbotError } from '../../platform/errors.ts';

/**
 * What a NAVER WORKS failure may say. Error text built from remote answers passes through a Redactor
 * holding every credential of the connection (configured secrets plus tokens as they are issued), so
 * an echoing server or a proxy error page cannot leak one into the outbox's lastError or a log line.
 */

/** Token-endpoint failures. retryable: the endpoint was unreachable or answered 5xx/429. */
export class WorksAuthError extends OpsbotError {
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(message: string, opts: { retryable: boolean; status?: number; cause?: unknown }) {
    super('WORKS_AUTH', message, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
}

// Short values ("1", "bot") would blank ordinary words; nothing that short is a credential here.
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private values = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= MIN_SECRET_LENGTH) this.values.add(value);
  }

  redact(text: string): string {
    // Longest first, so a value containing another is replaced whole.
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const value of sorted) out = out.split(value).join('[redacted]');
    return out;
  }
}
