import { sign } from 'node:crypto';

/** Service-account assertion (RFC 7523) as NAVER WORKS checks it. */
export interface AssertionInput {
  clientId: string;
  serviceAccount: string;
  privateKey: string;
  nowMs: number;
}

// The platform rejects assertions living longer than 60 minutes; the official samples use exactly 1 h.
export const ASSERTION_LIFETIME_S = 3600;

/** base64url without padding: standard base64 or '=' padding is the classic cause of JWT rejections. */
function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function signAssertion(input: AssertionInput): string {
  // Integer seconds: a float iat/exp (as in the official Python sample) is rejected.
  const iat = Math.floor(input.nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({ iss: input.clientId, sub: input.serviceAccount, iat, exp: iat + ASSERTION_LIFETIME_S }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), input.privateKey);
  return `${header}.${claims}.${b64url(signature)}`;
}
