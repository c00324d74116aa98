/**
 * Removes a password from text the browser code hands back (error messages, step names) before it
 * reaches a message or a log line: a site or a library may echo what was typed.
 */

const MASK = '******';
/** Shorter ones would blank out digits of dates and times; no real password is that short. */
const MIN_LENGTH = 3;

export function redact(text: string, secret: string): string {
  if (secret.length < MIN_LENGTH) return text;
  return text.split(secret).join(MASK);
}

/** The error's message (or its text) without the secret, for logs and people. */
export function reasonOf(err: unknown, secret: string): string {
  const text = err instanceof Error ? err.message : String(err);
  return redact(text, secret);
}
