import { NO_CAPABILITIES } from '../../platform/config/capabilities.ts';
import { defineConnector } from '../define.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { postJson } from '../kit/post-json.ts';
import type { OutboundPayload } from '../types.ts';
import type { TeamsEnvelope } from './card.ts';
import { bodyBytes, fittedEnvelope, MAX_BODY_BYTES } from './fit.ts';
import { teamsBody } from './native.ts';
import { type TeamsOptions, teamsOptions } from './options.ts';

export type { AdaptiveCard, TeamsEnvelope } from './card.ts';
export type { TeamsBody } from './native.ts';
export type { TeamsOptions } from './options.ts';

const REASON_CHARS = 200;

export const teamsConnector = defineConnector({
  type: 'teams',
  options: teamsOptions,
  native: teamsBody,
  // Teams throttles a webhook above 4 requests a second, and the older connector limits were 60 per
  // 30 s. One a second keeps bursts of alerts well inside both (and inside the flow's own quota);
  // config `rateLimit` overrides.
  defaultRateLimit: 60,
  // Notify only: the webhook URL is one channel, so the connection alone is the destination.
  capabilities: () => ({ ...NO_CAPABILITIES, send: true, bare: true }),
  create(ctx) {
    const { options, clock } = ctx;
    // The URL signs itself (sig=…): wherever it or its query shows up, it is scrubbed.
    ctx.redactor.addAll(credentialForms(options));
    const scrub = (text: string): string => ctx.redactor.redact(text);

    return {
      async send(destination: string, payload: OutboundPayload<TeamsEnvelope>): Promise<void> {
        if (destination !== '') {
          throw new DeliveryError(
            `a teams connection is its own destination (one channel); drop "/${destination}"`,
            {
              retryable: false,
            },
          );
        }
        const body = envelopeFor(payload);
        // Workflows answers 202 Accepted (some setups 200): the flow runs after the answer.
        await postJson({
          url: options.url,
          body,
          headers: new Headers({ 'content-type': 'application/json' }),
          timeout: options.timeout,
          label: 'teams',
          scrub,
          reason: reasonOf,
          now: () => clock.now(),
        });
      },
    };
  },
});

function envelopeFor(payload: OutboundPayload<TeamsEnvelope>): TeamsEnvelope {
  if (payload.kind === 'portable') return fittedEnvelope(payload.message);
  if (payload.kind === 'form') {
    // Unreachable: the connection declares no forms, so defineConnector refuses them before send().
    throw new DeliveryError('a teams connection cannot show forms', { retryable: false });
  }
  // A native card is the app's own design: cutting it could break it, so an oversized one is refused.
  const bytes = bodyBytes(payload.body);
  if (bytes > MAX_BODY_BYTES) {
    throw new DeliveryError(
      `the card is ${Math.ceil(bytes / 1024)} KB, more than Teams takes (${MAX_BODY_BYTES / 1024} KB)`,
      { retryable: false },
    );
  }
  return payload.body;
}

/** The URL, its query and its signature alone: an error page may quote any of them. */
function credentialForms(options: TeamsOptions): string[] {
  const url = new URL(options.url);
  const forms = [options.url, url.toString()];
  if (url.search.length > 1) forms.push(url.search.slice(1));
  const sig = url.searchParams.get('sig');
  if (sig) forms.push(sig);
  return forms;
}

/**
 * A short reason from the answer's body: Workflows and Logic Apps answer errors as
 * `{"error":{"code":"…","message":"…"}}`; anything else is quoted, cut short.
 */
function reasonOf(body: string): string {
  const trimmed = body.trim();
  try {
    const error = (JSON.parse(trimmed) as { error?: { code?: unknown; message?: unknown } }).error;
    if (error && typeof error.code === 'string') {
      const message = typeof error.message === 'string' ? `: ${error.message}` : '';
      return short(`${error.code}${message}`);
    }
  } catch {
    // Not JSON: quoted as it is.
  }
  return short(trimmed);
}

function short(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > REASON_CHARS ? `${line.slice(0, REASON_CHARS)}…` : line;
}
