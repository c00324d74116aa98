/** Slack's v0 request signature (reference §1.1): HMAC-SHA256 over `v0:<ts>:<raw body>`, hex. */
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number | string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

/** Ways to send a request Slack would never send, to prove the app refuses it. */
export interface Forgery {
  /** Sign with this secret instead of the real one. */
  secret?: string;
  /** Seconds added to the signed timestamp (negative: in the past). */
  timestampOffset?: number;
  /** Sign the body, then send it encoded differently (same meaning, different bytes). */
  reencode?: boolean;
}

export interface RetryMark {
  num: number;
  reason: string;
}

/**
 * The bytes actually sent when `reencode` is asked for: JSON pretty-printed, form bodies with
 * lower-case percent escapes. Both parse to the same values, and both break a signature that was
 * made over the original bytes — which is the mistake this catches (hashing a re-serialised body).
 */
export function reencode(body: string, json: boolean): string {
  if (json) return JSON.stringify(JSON.parse(body), null, 1);
  const lowered = body.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return lowered === body ? `${body}&` : lowered;
}

export function signedHeaders(
  secret: string,
  nowMs: number,
  body: string,
  json: boolean,
  forge: Forgery = {},
): { headers: Record<string, string>; body: string } {
  const ts = Math.floor(nowMs / 1000) + (forge.timestampOffset ?? 0);
  const headers = {
    // Bare type on purpose: Bolt's HTTPReceiver only parses this exact string (more-wire-facts §0).
    'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(forge.secret ?? secret, ts, body),
  };
  return { headers, body: forge.reencode ? reencode(body, json) : body };
}
