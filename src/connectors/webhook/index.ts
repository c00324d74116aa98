import { z } from 'zod';
import { parseRetryAfter } from '../retry-after.ts';
import type { Connector, ConnectorContext, ConnectorType, OutboundPayload, SendMeta } from '../types.ts';
import { DeliveryError } from '../types.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** `type: webhook` in opsbot.yaml: POST each message as JSON to one URL. */
export const webhookOptions = z.object({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  /** Extra request headers (often an Authorization token: never echoed in errors). */
  headers: z
    .record(
      z.string().regex(HEADER_NAME, 'not a valid HTTP header name'),
      // Checked here, with a message that does not repeat the value: fetch would reject it at send
      // time with the (possibly secret) value in its error text.
      z.string().regex(HEADER_VALUE, 'header values cannot contain line breaks or NUL'),
    )
    .optional(),
  /** Ms to wait for the whole response before the attempt counts as failed (and is retried). */
  timeout: z.number().int().positive().default(10_000),
});

export type WebhookOptions = z.output<typeof webhookOptions>;

/** 408 (request timeout) and 425 (too early) are 4xx answers that mean "try again", unlike the rest. */
const RETRYABLE_4XX = new Set([408, 425, 429]);
const BODY_SNIPPET = 200;

export const webhookConnector: ConnectorType = {
  type: 'webhook',
  options: webhookOptions,
  create(ctx: ConnectorContext): Connector {
    const options = webhookOptions.parse(ctx.options);
    const secrets = secretValues(options);
    const scrub = (text: string): string => {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join('[redacted]');
      return out;
    };

    return {
      name: ctx.name,
      type: 'webhook',
      defaultRateLimit: 600,
      destinations: [],
      async send(_destination: string, payload: OutboundPayload, meta: SendMeta): Promise<void> {
        const headers = new Headers(options.headers);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        headers.set('idempotency-key', meta.idempotencyKey);
        const signal = AbortSignal.timeout(options.timeout);
        let response: Response;
        let body: string;
        try {
          response = await fetch(options.url, {
            method: 'POST',
            headers,
            body: JSON.stringify(payload.message),
            signal,
            // Following a 301/302 would turn the POST into a GET; a moved webhook is a config error.
            redirect: 'manual',
          });
          body = await response.text();
        } catch (err) {
          throw networkError(err, options.timeout, scrub);
        }
        const status = response.status;
        if (status >= 200 && status < 300) return;
        const snippet = scrub(body.trim().slice(0, BODY_SNIPPET));
        const message = `webhook answered ${status}${snippet ? `: ${snippet}` : ''}`;
        if (status >= 500 || RETRYABLE_4XX.has(status)) {
          const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), ctx.clock.now());
          throw new DeliveryError(message, { retryable: true, retryAfterMs, status });
        }
        if (status >= 300 && status < 400) {
          throw new DeliveryError(`webhook answered ${status} (redirects are not followed; check the url)`, {
            retryable: false,
            status,
          });
        }
        throw new DeliveryError(message, { retryable: false, status });
      },
    };
  },
};

/** Everything configured that could be a credential: header values, the URL and its query (Teams-style signed URLs). */
function secretValues(options: WebhookOptions): string[] {
  const values = new Set<string>();
  for (const value of Object.values(options.headers ?? {})) {
    // Very short values ("1", "json") would redact ordinary words from messages; they are not secrets.
    if (value.length >= 6) values.add(value);
    // "Bearer abc…": the token alone may appear too.
    const token = value.split(/\s+/).at(-1);
    if (token && token.length >= 6) values.add(token);
  }
  values.add(options.url);
  const url = new URL(options.url);
  if (url.search.length > 1) values.add(url.search.slice(1));
  if (url.password) values.add(url.password);
  // Longest first, so a value containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}

function networkError(err: unknown, timeout: number, scrub: (text: string) => string): DeliveryError {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new DeliveryError(`webhook did not answer within ${timeout} ms`, { retryable: true });
  }
  // fetch() reports "fetch failed" with the reason in cause (ECONNREFUSED, ENOTFOUND, a TLS error).
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
  return new DeliveryError(scrub(`webhook request failed: ${reason}`), { retryable: true });
}
