import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The session cookie's name (HttpOnly, SameSite=Strict, Secure, Path=/). */
export const SESSION_COOKIE = 'opsbot_session';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Methods that may change something: they need the CSRF token (cookie and proxy logins). */
export function isChange(req: FastifyRequest): boolean {
  return CHANGES.has(req.method);
}

/**
 * The TCP peer, never a forwarded header: the loopback gate must not be talked past. IPv4 peers
 * of a dual-stack socket arrive as ::ffff:a.b.c.d and are compared as a.b.c.d.
 */
export function clientAddress(req: FastifyRequest): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** 127.0.0.0/8 and ::1 (after clientAddress's ::ffff: unwrapping). */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** One cookie's value from the Cookie header, or undefined. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** A single header's value (repeated headers are refused as absent). */
export function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/**
 * An `Origin` header, when the browser sent one, must name this very host: a page elsewhere may
 * not make the signed-in browser post here (a second line behind SameSite=Strict and the token).
 */
export function originMatches(req: FastifyRequest): boolean {
  const origin = header(req, 'origin');
  if (origin === undefined) return true;
  const host = header(req, 'host');
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Constant-time string comparison (different lengths are simply unequal). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The raw body (the gateway keeps every body as bytes) as JSON; undefined when it is not. */
export function jsonBody(req: FastifyRequest): unknown {
  const body = req.body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `opsbot_session=…; HttpOnly; SameSite=Strict; Path=/; Secure`, or its removal. */
export function sessionCookie(value: string | null): string {
  // No Max-Age: the server decides when a session ends (sliding console.sessionTtl); the browser
  // forgets the cookie when it closes. Secure always: Chromium keeps a Secure cookie set over
  // http://127.0.0.1 and http://localhost (loopback counts as a secure context; checked by
  // console-auth.browser.test.ts), and on any other address the console must be behind https.
  const base = `${SESSION_COOKIE}=${value ?? ''}; HttpOnly; SameSite=Strict; Path=/; Secure`;
  return value === null ? `${base}; Max-Age=0` : base;
}
