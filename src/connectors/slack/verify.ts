import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest } from '../types.ts';

/**
 * Slack's v0 request signature: `v0=` + hex(HMAC-SHA256(signingSecret, `v0:{ts}:{raw body}`)), over
 * the bytes exactly as received. A timestamp more than five minutes away is refused in either
 * direction (Bolt only refuses old ones; a future one is a replay prepared in advance just as well).
 */

export const MAX_SKEW_SECONDS = 300;

export function header(request: InboundRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function signature(secret: string, timestamp: string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

/** Why the request is refused, or null when it is Slack's; `nowMs` from the connector's clock. */
export function signatureProblem(secret: string, request: InboundRequest, nowMs: number): string | null {
  const timestamp = header(request, 'x-slack-request-timestamp')?.trim();
  const given = header(request, 'x-slack-signature')?.trim();
  if (!timestamp || !given) return 'missing signature';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad timestamp';
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale timestamp';
  const expected = Buffer.from(signature(secret, timestamp, request.rawBody));
  const actual = Buffer.from(given);
  // timingSafeEqual throws on a length mismatch; a wrong length is simply a bad signature.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad signature';
  return null;
}
