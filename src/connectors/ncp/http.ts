import { type BackoffOptions, retryDelay } from '../../platform/backoff.ts';
import type { Clock } from '../../platform/clock.ts';
import { networkReason } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { Redactor } from '../../platform/redact.ts';
import { rateLimitDelay } from '../../platform/retry-after.ts';
import { isRetryableStatus } from '../kit/http-status.ts';
import { parseJsonBody } from '../kit/json.ts';
import { errorEnvelope, NcpApiError } from './errors.ts';
import type { Limit } from './limit.ts';
import { signedHeaders } from './sign.ts';

/**
 * One signed NCP call with retries: 429, 5xx and network failures are tried again (the platform's
 * backoff, or the answer's Retry-After up to a minute); other answers are final. Each attempt takes
 * a slot of the account's limit, and gives it back while waiting to retry.
 */

/** The keys and hosts one NCP account is called with. */
export interface NcpAccount {
  /** The customer id (a plain connection's name). */
  id: string;
  accessKey: string;
  secretKey: string;
  apiUrl: string;
  monitoringUrl: string;
  limit: Limit;
}

export interface NcpRequest {
  method: 'GET' | 'POST';
  baseUrl: string;
  path: string;
  /** Without `?`; signed and sent as it is. */
  query: string;
  json?: unknown;
}

export interface NcpHttpSettings {
  connection: string;
  /** Ms per attempt. */
  timeout: number;
  /** Attempts after the first. */
  retries: number;
  clock: Clock;
  redactor: Redactor;
  log: Logger;
  backoff?: BackoffOptions;
}

const DEFAULT_BACKOFF: BackoffOptions = { backoff: 500, maxBackoff: 30_000 };
const MAX_RETRY_AFTER_MS = 60_000;

type Attempt = { body: unknown } | { error: NcpApiError; retryAfterMs?: number };

/** The answer's JSON body (a 2xx), or an NcpApiError once retries are spent. */
export async function ncpRequest(
  account: NcpAccount,
  req: NcpRequest,
  settings: NcpHttpSettings,
): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await account.limit.run(() => attemptOnce(account, req, settings));
    if ('body' in outcome) return outcome.body;
    const { error } = outcome;
    if (!error.retryable || attempt > settings.retries) throw error;
    const delay =
      outcome.retryAfterMs === undefined
        ? retryDelay(attempt, settings.backoff ?? DEFAULT_BACKOFF)
        : Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS);
    settings.log.debug(
      {
        connection: settings.connection,
        customer: account.id,
        path: req.path,
        code: error.code,
        attempt,
        delay,
      },
      'ncp: retrying',
    );
    await settings.clock.sleep(delay);
  }
}

async function attemptOnce(
  account: NcpAccount,
  req: NcpRequest,
  settings: NcpHttpSettings,
): Promise<Attempt> {
  const { redactor, clock } = settings;
  const url = new URL(`${req.baseUrl}${req.path}?${req.query}`);
  // Signed exactly as the URL serialises it, so what fetch sends is what was signed.
  const uri = `${url.pathname}${url.search}`;
  const label = `${req.method} ${req.path}`;
  const headers: Record<string, string> = {
    ...signedHeaders({ method: req.method, uri, timestamp: clock.now(), ...account }),
    accept: 'application/json',
  };
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: req.method,
      headers,
      ...(req.json === undefined ? {} : { body: JSON.stringify(req.json) }),
      redirect: 'error',
      signal: AbortSignal.timeout(settings.timeout),
    });
    text = await response.text();
  } catch (err) {
    const message = redactor.redact(`NCP ${label} failed: ${networkReason(err)}`);
    return { error: new NcpApiError('NETWORK', message, { path: req.path, retryable: true, cause: err }) };
  }
  const status = response.status;
  const body = parseJsonBody(text);
  if (response.ok && body !== undefined) return { body };
  const retryable = isRetryableStatus(status);
  const envelope = errorEnvelope(body);
  const error = envelope
    ? new NcpApiError(envelope.code, redactor.redact(envelope.message), {
        status,
        path: req.path,
        returnCode: envelope.code,
        retryable,
      })
    : new NcpApiError(
        `HTTP_${status}`,
        `NCP answered ${status} to ${label}${response.ok ? ' with a body that is not JSON' : ''}`,
        { status, path: req.path, retryable },
      );
  const retryAfterMs = retryable ? rateLimitDelay(response.headers, clock.now()) : undefined;
  return { error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}
