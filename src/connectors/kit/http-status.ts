import { type HeaderLookup, rateLimitDelay } from '../../platform/retry-after.ts';
import { DeliveryError } from './delivery-error.ts';

/**
 * The one mapping from an HTTP answer to what the outbox does with it: 5xx and the 4xx that mean
 * "try again" (408 timeout, 425 too early, 429 rate limited) are retried, honouring RateLimit-Reset
 * or Retry-After; 3xx (we never follow redirects of a POST) and every other 4xx go dead at once.
 */

const RETRYABLE_4XX = new Set([408, 425, 429]);

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || RETRYABLE_4XX.has(status);
}

export interface FailedAnswer {
  status: number;
  headers: HeaderLookup;
}

/** A DeliveryError for a non-2xx answer; `message` is already redacted by the caller. */
export function deliveryErrorFor(answer: FailedAnswer, message: string, now: number): DeliveryError {
  const { status } = answer;
  if (isRetryableStatus(status)) {
    return new DeliveryError(message, {
      retryable: true,
      retryAfterMs: rateLimitDelay(answer.headers, now),
      status,
    });
  }
  return new DeliveryError(message, { retryable: false, status });
}
