import type { ErrorCode } from '@slack/web-api';
import type { Redactor } from '../../platform/redact.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { isRetryableStatus } from '../kit/http-status.ts';

// The client's error codes as plain values (typed against its enum): importing the enum itself
// would load the whole client with this module, in daemons that have no Slack connection.
const PLATFORM_ERROR: `${ErrorCode.PlatformError}` = 'slack_webapi_platform_error';
const RATE_LIMITED: `${ErrorCode.RateLimitedError}` = 'slack_webapi_rate_limited_error';
const HTTP_ERROR: `${ErrorCode.HTTPError}` = 'slack_webapi_http_error';
const REQUEST_ERROR: `${ErrorCode.RequestError}` = 'slack_webapi_request_error';

/**
 * Web API failures → what the outbox does. The client never retries by itself (retries: 0,
 * rejectRateLimitedCalls), so every failure comes here once and the outbox owns the retry.
 */

/** Platform errors (`ok:false`) that say "try again", not "this will never work". */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'ratelimited',
  'request_timeout',
]);

interface CodedLike {
  code?: unknown;
  message?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
}

/** The Slack error code of a platform error (`channel_not_found`), else undefined. */
export function platformError(err: unknown): string | undefined {
  const coded = err as CodedLike | null;
  if (coded?.code !== PLATFORM_ERROR) return undefined;
  return typeof coded.data?.error === 'string' ? coded.data.error : 'unknown_error';
}

export function deliveryErrorOf(err: unknown, what: string, redactor: Redactor): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const coded = (err ?? {}) as CodedLike;
  const say = (text: string) => redactor.redact(`slack ${what}: ${text}`);
  const platform = platformError(err);
  if (platform) return new DeliveryError(say(platform), { retryable: TRANSIENT.has(platform) });
  if (coded.code === RATE_LIMITED) {
    const seconds = typeof coded.retryAfter === 'number' ? coded.retryAfter : 0;
    return new DeliveryError(say(`rate limited (retry after ${seconds}s)`), {
      retryable: true,
      retryAfterMs: seconds * 1000,
      status: 429,
    });
  }
  if (coded.code === HTTP_ERROR && typeof coded.statusCode === 'number') {
    const status = coded.statusCode;
    return new DeliveryError(say(`answered HTTP ${status}`), {
      retryable: isRetryableStatus(status),
      status,
    });
  }
  const message = typeof coded.message === 'string' ? coded.message : String(err);
  if (coded.code === REQUEST_ERROR) return new DeliveryError(say(message), { retryable: true });
  // web-api throws a bare Error for a 429 whose Retry-After it cannot read.
  if (/rate limit|Retry header/i.test(message)) {
    return new DeliveryError(say('rate limited'), { retryable: true, status: 429 });
  }
  return new DeliveryError(say(message), { retryable: false });
}
