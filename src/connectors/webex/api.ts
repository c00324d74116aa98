import type { Clock } from '../../platform/clock.ts';
import { networkReason } from '../../platform/errors.ts';
import type { Redactor } from '../../platform/redact.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { deliveryErrorFor } from '../kit/http-status.ts';
import { parseJsonBody } from '../kit/json.ts';

/**
 * Calls to the Webex REST API with the bot token. Every failure is a DeliveryError the outbox
 * honours: 429 (with Webex's Retry-After), 5xx and network failures retry; other 4xx go dead with
 * Webex's own `message` as the reason. Nothing here retries or waits by itself.
 */

const API_TIMEOUT_MS = 15_000;
const REASON_MAX = 300;

export interface WebexAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface WebexApiInit {
  apiUrl: string;
  token: string;
  clock: Clock;
  redactor: Redactor;
  timeoutMs?: number;
}

export interface WebexCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below apiUrl (`/messages`), or absolute (a `Link: rel="next"` page). */
  path: string;
  json?: unknown;
  form?: FormData;
  timeoutMs?: number;
}

export class WebexApi {
  readonly apiUrl: string;
  private readonly init: WebexApiInit;

  constructor(init: WebexApiInit) {
    this.init = init;
    this.apiUrl = init.apiUrl;
  }

  async call<T = Record<string, unknown>>(req: WebexCall): Promise<WebexAnswer<T>> {
    const { token, clock, redactor } = this.init;
    const url = req.path.startsWith('http') ? req.path : `${this.apiUrl}${req.path}`;
    const label = `${req.method} ${req.path.startsWith('http') ? new URL(url).pathname : req.path.split('?')[0]}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: req.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(req.json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : req.form ? { body: req.form } : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(req.timeoutMs ?? this.init.timeoutMs ?? API_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (err) {
      throw new DeliveryError(redactor.redact(`webex ${label} failed: ${networkReason(err)}`), {
        retryable: true,
      });
    }
    const body = parseJsonBody(text);
    if (response.ok) return { status: response.status, headers: response.headers, body: (body ?? {}) as T };
    const reason = webexReason(body, text);
    const message = redactor.redact(
      `webex ${label} answered ${response.status}${reason ? `: ${reason}` : ''}`,
    );
    throw deliveryErrorFor(response, message, clock.now());
  }
}

/** Webex's error body is `{ message, errors: [{ description }], trackingId }`; the message says why. */
function webexReason(body: unknown, text: string): string {
  const json = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  const message = typeof json?.['message'] === 'string' ? json['message'] : undefined;
  const first = Array.isArray(json?.['errors'])
    ? (json['errors'][0] as Record<string, unknown> | undefined)
    : undefined;
  const description = typeof first?.['description'] === 'string' ? first['description'] : undefined;
  const reason = message ?? description ?? (json ? '' : text.trim());
  return reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX)}…` : reason;
}

/** The next page of a list, from `Link: <…>; rel="next"` (RFC 8288), if any. */
export function nextPage(headers: Headers): string | undefined {
  const link = headers.get('link');
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel="?next"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}
