import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Form page tokens: `<formId>.<expiresAt base36>.<HMAC-SHA256 base64url>`. The signature binds the
 * id to its expiry, so neither can be changed; single use is the store's job (status 'open').
 */

const FORM_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The signing key for form links, derived from the master key so links survive a daemon restart. */
export function formSigningKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'opsbot/forms/v1', 32));
}

export function isFormId(value: string): boolean {
  return FORM_ID.test(value);
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

export function signFormToken(key: Buffer, formId: string, expiresAt: number): string {
  const body = `${formId}.${expiresAt.toString(36)}`;
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The form id and expiry of a well-formed, correctly signed token; null for anything else. */
export function readFormToken(key: Buffer, token: string): { formId: string; expiresAt: number } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [formId, exp, sig] = parts as [string, string, string];
  if (!FORM_ID.test(formId) || !/^[0-9a-z]{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
  const expected = mac(key, `${formId}.${exp}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { formId, expiresAt: Number.parseInt(exp, 36) };
}
