import { z } from 'zod';
import { NO_CAPABILITIES } from '../../platform/config/capabilities.ts';
import { secretField } from '../../platform/config/secret-fields.ts';
import { defineConnector } from '../define.ts';
import { postJson } from '../kit/post-json.ts';
import type { OutboundPayload, SendMeta } from '../types.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** `type: webhook` in opsbot.yaml: POST each message as JSON to one URL. */
export const webhookOptions = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    /** Extra request headers (often an Authorization token: never echoed in errors). */
    headers: z
      .record(
        z.string().regex(HEADER_NAME, 'not a valid HTTP header name'),
        // Checked here, with a message that does not repeat the value: fetch would reject it at send
        // time with the (possibly secret) value in its error text.
        // Every value may be a credential (Authorization, X-Api-Key, …): `config show` masks them all.
        secretField(z.string().regex(HEADER_VALUE, 'header values cannot contain line breaks or NUL')),
      )
      .optional(),
    /** Ms to wait for the whole response before the attempt counts as failed (and is retried). */
    timeout: z.number().int().positive().default(10_000),
  })
  .transform(moveUrlCredentials);

/**
 * fetch() refuses a URL with `user:pass@` (every send would fail), so the credentials move into a
 * Basic Authorization header, unless the config already sets one.
 */
function moveUrlCredentials<T extends { url: string; headers?: Record<string, string> }>(options: T): T {
  const url = new URL(options.url);
  if (!url.username && !url.password) return options;
  const basic = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  const headers = { ...options.headers };
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (!hasAuthorization) headers['authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
  return { ...options, url: url.toString(), headers };
}

export type WebhookOptions = z.output<typeof webhookOptions>;

/** A native webhook body: any JSON value, posted as it is. */
export const webhookBody = z.json();
export type WebhookBody = z.output<typeof webhookBody>;

const BODY_SNIPPET = 200;

export const webhookConnector = defineConnector({
  type: 'webhook',
  options: webhookOptions,
  native: webhookBody,
  defaultRateLimit: 600,
  // One URL, send only.
  capabilities: () => ({ ...NO_CAPABILITIES, send: true }),
  create(ctx) {
    const { options, clock } = ctx;
    const redactor = ctx.redactor.scope();
    redactor.addAll(secretValues(options));
    const scrub = (text: string): string => redactor.redact(text);

    return {
      async send(_destination: string, payload: OutboundPayload<WebhookBody>, meta: SendMeta): Promise<void> {
        const headers = new Headers(options.headers);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        headers.set('idempotency-key', meta.idempotencyKey);
        await postJson({
          url: options.url,
          body: bodyOf(payload),
          headers,
          timeout: options.timeout,
          label: 'webhook',
          scrub,
          reason: (body) => body.trim().slice(0, BODY_SNIPPET),
          now: () => clock.now(),
        });
      },
    };
  },
});

/** The JSON posted: a portable message as it is (the documented body), a native body as given. */
function bodyOf(payload: OutboundPayload<WebhookBody>): unknown {
  if (payload.kind === 'portable') return payload.message;
  if (payload.kind === 'native') return payload.body;
  // Unreachable: the connector declares no forms, so defineConnector refuses them before send().
  return { text: payload.form.form.title, url: payload.form.url };
}

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
  return [...values];
}
