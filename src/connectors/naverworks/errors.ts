import { OpsbotError } from '../../platform/errors.ts';

/**
 * What a NAVER WORKS failure may say. Error text built from remote answers passes through a Redactor
 * (platform/redact.ts)
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
