import type { Clock } from '../../platform/clock.ts';
import { networkReason } from '../../platform/errors.ts';
import type { Redactor } from '../../platform/redact.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { deliveryErrorFor, isRetryableStatus } from '../kit/http-status.ts';
import { WorksAuthError } from './errors.ts';
import type { TokenManager } from './tokens.ts';

/**
 * Authorised calls to www.worksapis.com. Failures become DeliveryError, whose `retryable` the
 * outbox honours: 429/5xx/network retry later, other 4xx are dead on arrival.
 */

const API_TIMEOUT_MS = 15_000;
const DESCRIPTION_MAX = 300;

export interface WorksApiInit {
  apiUrl: string;
  tokens: TokenManager;
  clock: Clock;
  redactor: Redactor;
}

export interface WorksResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (sends answer 201 with nothing). */
  body: unknown;
}

export type WorksRequest = (method: string, path: string, body?: unknown) => Promise<WorksResponse>;

export function createWorksApi(init: WorksApiInit): WorksRequest {
  const { apiUrl, tokens, clock, redactor } = init;

  const attempt = async (method: string, path: string, body: unknown, token: string) => {
    try {
      const response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
        // Attachment downloads answer 302 to storage; following it would resend the bearer token.
        redirect: 'manual',
      });
      return { response, text: await response.text() };
    } catch (err) {
      throw new DeliveryError(redactor.redact(`${method} ${path} failed: ${networkReason(err)}`), {
        retryable: true,
      });
    }
  };

  return async (method, path, body) => {
    const { response, text } = await withRenewal(tokens, (token) => attempt(method, path, body, token));
    const status = response.status;
    if (status >= 200 && status < 400) return { status, body: parseBody(text) };
    throw answerError(`${method} ${path}`, response, text, clock, redactor);
  };
}

/** Sends with the current token and, on 401, renews it once and sends again. */
async function withRenewal<T extends { response: Response }>(
  tokens: TokenManager,
  attempt: (token: string) => Promise<T>,
): Promise<T> {
  const token = await tokenOrDeliveryError(tokens);
  const first = await attempt(token);
  if (first.response.status !== 401) return first;
  // Expired or revoked before our own expiry estimate: renew once, then give up.
  await tokens.invalidate(token);
  return attempt(await tokenOrDeliveryError(tokens));
}

/** 429/5xx → retryable DeliveryError (kit); other failures → WorksApiError with the REST error's code. */
function answerError(
  label: string,
  response: Response,
  text: string,
  clock: Clock,
  redactor: Redactor,
): DeliveryError {
  const status = response.status;
  const detail = describe(status, parseBody(text), text);
  const message = redactor.redact(`${label} answered ${status}${detail ? ` ${detail}` : ''}`);
  if (isRetryableStatus(status)) return deliveryErrorFor(response, message, clock.now());
  return new WorksApiError(message, { status, ...errorFields(parseBody(text)) });
}

const RAW_TIMEOUT_MS = 120_000;

export interface RawRequest {
  method: string;
  /** Absolute: upload URLs and download locations live on the storage host, not below apiUrl. */
  url: string;
  body?: FormData;
  /** Send the bearer token (default), which happens only to apiUrl's origin or an https WORKS host. */
  auth?: boolean;
  /** Names the call in errors instead of the URL, whose path is a one-time credential. */
  label: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/** Byte-level calls to absolute URLs (multipart uploads, following a download's 302 by hand). */
export type WorksRawFetch = (req: RawRequest) => Promise<RawResponse>;

// Storage hosts (upload URLs, download locations) that may receive the bearer token.
const WORKS_HOST_SUFFIXES = ['.worksmobile.com', '.worksapis.com', '.naverworks.com', '.gov-naverworks.com'];

/** The token goes to the API's own origin or an https WORKS host, never to wherever a URL points. */
export function trustsWithToken(location: URL, apiUrl: string): boolean {
  if (location.origin === new URL(apiUrl).origin) return true;
  return (
    location.protocol === 'https:' && WORKS_HOST_SUFFIXES.some((suffix) => location.hostname.endsWith(suffix))
  );
}

/** Same failure rules as createWorksApi: 401 → renew once, 429/5xx → retryable, redirects not followed. */
export function createWorksRawFetch(init: WorksApiInit): WorksRawFetch {
  const { apiUrl, tokens, clock, redactor } = init;

  const attempt = async (req: RawRequest, token: string | undefined) => {
    try {
      const response = await fetch(req.url, {
        method: req.method,
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: AbortSignal.timeout(RAW_TIMEOUT_MS),
        redirect: 'manual',
      });
      return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
    } catch (err) {
      throw new DeliveryError(redactor.redact(`${req.label} failed: ${networkReason(err)}`), {
        retryable: true,
      });
    }
  };

  return async (req) => {
    // An upload URL or a Location comes from an answer: checked here, so no caller can forget.
    const withToken = req.auth !== false && trustsWithToken(new URL(req.url), apiUrl);
    const { response, bytes } = !withToken
      ? await attempt(req, undefined)
      : await withRenewal(tokens, (token) => attempt(req, token));
    const status = response.status;
    if (status >= 200 && status < 400) return { status, headers: response.headers, bytes };
    throw answerError(req.label, response, new TextDecoder().decode(bytes), clock, redactor);
  };
}

/** A non-retryable API answer, with the REST error's `code` and `description` for callers to branch on. */
export class WorksApiError extends DeliveryError {
  readonly errorCode: string | undefined;
  readonly description: string | undefined;

  constructor(message: string, opts: { status: number; code?: string; description?: string }) {
    super(message, { retryable: false, status: opts.status });
    this.errorCode = opts.code;
    this.description = opts.description;
  }
}

function errorFields(body: unknown): { code?: string; description?: string } {
  if (body === null || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  return {
    ...(typeof b['code'] === 'string' ? { code: b['code'] } : {}),
    ...(typeof b['description'] === 'string' ? { description: b['description'] } : {}),
  };
}

async function tokenOrDeliveryError(tokens: TokenManager): Promise<string> {
  try {
    return await tokens.accessToken();
  } catch (err) {
    if (!(err instanceof WorksAuthError)) throw err;
    const opts = err.status === undefined ? {} : { status: err.status };
    throw new DeliveryError(err.message, { retryable: err.retryable, ...opts, cause: err });
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** REST errors are `{code, description}`; anything else (a proxy page) is cut short. */
function describe(status: number, body: unknown, text: string): string {
  const { code, description } = errorFields(body);
  if (code || description) return [code, description].filter(Boolean).join(': ').slice(0, DESCRIPTION_MAX);
  return status >= 400 ? text.trim().slice(0, DESCRIPTION_MAX) : '';
}
