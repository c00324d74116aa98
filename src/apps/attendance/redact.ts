import { redact } from './site/secrets.ts';

/**
 * Removes a password from text the browser code hands back (error messages, step names) before it
 * reaches a message or a log line: a site or a library may echo what was typed.
 */
export { redact };

/** The error's message (or its text) without the secret, for logs and people. */
export function reasonOf(err: unknown, secret: string): string {
  return redact(err instanceof Error ? err.message : String(err), secret);
}
