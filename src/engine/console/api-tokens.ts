import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens look like `obt_<id>_<secret>`: the id (12 lowercase hex) is public and finds the row;
 * the secret (32 random bytes, 43 base64url characters) is kept only as its SHA-256. A fixed
 * prefix lets secret scanners recognise a leaked token.
 */
const TOKEN = /^obt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiToken {
  id: string;
  /** The whole token, shown once. */
  token: string;
  /** SHA-256 (hex) of the secret part: what the store keeps. */
  hash: string;
}

export function createApiToken(): NewApiToken {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `obt_${id}_${secret}`, hash: hashSecret(secret) };
}

/** The token's parts, or undefined when it does not have our shape. */
export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** SHA-256 hex: enough for 256-bit random secrets (nothing to brute-force, unlike a password). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares in constant time, so response timing tells nothing about how much of a hash matched. */
export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
