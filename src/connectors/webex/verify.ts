import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest } from '../types.ts';

/**
 * Webex signs each webhook delivery when the webhook has a secret: `X-Spark-Signature` = lowercase
 * hex HMAC-SHA1(secret, raw body). Only that header is confirmed; the table lets a newer header
 * (a SHA-256 one is rumoured, not documented) be added in one line. The strongest header present wins.
 */

export interface SignatureScheme {
  header: string;
  algorithm: 'sha1' | 'sha256';
  /** The header's value for a digest (some schemes prefix `sha256=`). */
  format(hex: string): string;
}

export const SIGNATURE_SCHEMES: readonly SignatureScheme[] = [
  { header: 'x-spark-signature', algorithm: 'sha1', format: (hex) => hex },
];

export function header(request: InboundRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function signature(
  secret: string,
  body: Buffer | string,
  algorithm: SignatureScheme['algorithm'] = 'sha1',
): string {
  return createHmac(algorithm, secret).update(body).digest('hex');
}

/** Why the request is refused, or null when it was signed with `secret` over these very bytes. */
export function signatureProblem(
  secret: string,
  request: InboundRequest,
  schemes: readonly SignatureScheme[] = SIGNATURE_SCHEMES,
): string | null {
  for (const scheme of [...schemes].reverse()) {
    const given = header(request, scheme.header)?.trim();
    if (!given) continue;
    const expected = Buffer.from(scheme.format(signature(secret, request.rawBody, scheme.algorithm)));
    const actual = Buffer.from(given);
    // timingSafeEqual throws on a length mismatch; a wrong length is simply a bad signature.
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad signature';
    return null;
  }
  return 'missing signature';
}
