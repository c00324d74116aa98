/** API Gateway signature v2 (reference A1): HMAC-SHA256 over method, raw URI, timestamp and key. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The gateway refuses timestamps more than this far from its clock, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** The emulator's own signature v2, for its tests and for tests that drive it raw. */
export function ncpSignature(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  accessKey: string,
  secretKey: string,
): string {
  return createHmac('sha256', secretKey)
    .update(`${method} ${pathWithQuery}\n${timestamp}\n${accessKey}`)
    .digest('base64');
}

export type SignatureCheck = { ok: true; accessKey: string } | { ok: false; details: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a request as the gateway would. `rawUri` is the request target exactly as received, so a
 * client that signs a re-encoded or re-ordered query fails here as it would against NCP.
 */
export function checkSignature(
  method: string,
  rawUri: string,
  headers: IncomingHttpHeaders,
  secretOf: (accessKey: string) => string | undefined,
  now: number,
): SignatureCheck {
  const timestamp = header(headers, 'x-ncp-apigw-timestamp');
  const accessKey = header(headers, 'x-ncp-iam-access-key');
  // Older SDKs still send -v1 with the same algorithm (reference A1).
  const signature =
    header(headers, 'x-ncp-apigw-signature-v2') ?? header(headers, 'x-ncp-apigw-signature-v1');
  if (timestamp === undefined || accessKey === undefined || signature === undefined) {
    return { ok: false, details: 'Missing x-ncp-apigw-timestamp, x-ncp-iam-access-key or signature header' };
  }
  if (!/^\d{13}$/.test(timestamp)) return { ok: false, details: 'Timestamp must be epoch milliseconds' };
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_MS) {
    return { ok: false, details: 'Timestamp is more than 5 minutes off the gateway clock' };
  }
  const secret = secretOf(accessKey);
  if (secret === undefined) return { ok: false, details: 'Invalid access key' };
  const expected = Buffer.from(ncpSignature(method, rawUri, timestamp, accessKey, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, details: 'Signature mismatch' };
  }
  return { ok: true, accessKey };
}
