import { OpsbotError } from '../../platform/errors.ts';

/** Thrown by send(). retryable=false goes straight to dead; retryAfterMs honours Retry-After. */
export class DeliveryError extends OpsbotError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    message: string,
    opts: { retryable: boolean; retryAfterMs?: number | undefined; status?: number; cause?: unknown },
  ) {
    super('DELIVERY', message, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status;
  }
}
