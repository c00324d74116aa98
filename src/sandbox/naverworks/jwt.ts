/**
 * RS256 assertion check for the service-account grant, strict on exactly the points the
 * reference lists as common client mistakes (base64 vs base64url, padding, float claims, >1 h).
 */
import { createPublicKey, verify } from 'node:crypto';

export interface AssertionExpectations {
  clientId: string;
  serviceAccount: string;
  publicKeyPem: string;
  nowSeconds: number;
}

export type AssertionResult = { ok: true } | { ok: false; reason: string };

const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_LIFETIME_SECONDS = 3600;

function decodeJsonPart(part: string, name: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `${name} is not an object`;
    return value as Record<string, unknown>;
  } catch {
    return `${name} is not valid base64url JSON`;
  }
}

export function verifyAssertion(jwt: string, expect: AssertionExpectations): AssertionResult {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'assertion must have three parts' };
  const [h, p, s] = parts as [string, string, string];
  // Standard base64 ('+', '/', '=') is rejected outright rather than tolerated by a lenient decoder.
  for (const [name, part] of [
    ['header', h],
    ['payload', p],
    ['signature', s],
  ] as const) {
    if (!B64URL.test(part)) return { ok: false, reason: `${name} is not base64url without padding` };
  }
  const header = decodeJsonPart(h, 'header');
  if (typeof header === 'string') return { ok: false, reason: header };
  if (header['alg'] !== 'RS256') return { ok: false, reason: 'header alg must be RS256' };
  const claims = decodeJsonPart(p, 'payload');
  if (typeof claims === 'string') return { ok: false, reason: claims };

  let signatureOk = false;
  try {
    const key = createPublicKey(expect.publicKeyPem);
    signatureOk = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { ok: false, reason: 'signature verification failed' };

  if (claims['iss'] !== expect.clientId) return { ok: false, reason: 'iss must equal client_id' };
  if (claims['sub'] !== expect.serviceAccount)
    return { ok: false, reason: 'sub must be the service account' };
  const iat = claims['iat'];
  const exp = claims['exp'];
  if (typeof iat !== 'number' || !Number.isInteger(iat))
    return { ok: false, reason: 'iat must be an integer' };
  if (typeof exp !== 'number' || !Number.isInteger(exp))
    return { ok: false, reason: 'exp must be an integer' };
  if (exp <= iat) return { ok: false, reason: 'exp must be after iat' };
  if (exp - iat > MAX_LIFETIME_SECONDS)
    return { ok: false, reason: 'assertion lifetime exceeds 3600 seconds' };
  if (exp <= expect.nowSeconds) return { ok: false, reason: 'assertion expired' };
  return { ok: true };
}
