import { redactValues } from '../../../platform/redact.ts';
/**
 * What both holiday APIs share: their secret travels in the query string, so neither the URL nor
 * anything that might echo it (an error body, a network error) may reach an error message unredacted.
 */

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Replaces the secret (raw and percent-encoded) wherever it appears. */
export function redact(text: string, secret: string): string {
  return redactValues(text, [secret], { censor: '***', minLength: 1 });
}

/** GETs a URL; network failures become an Error naming only `what`, never the URL. */
export async function getText(
  url: URL,
  options: { fetch?: FetchLike; timeoutMs?: number; what: string; secret: string },
): Promise<{ status: number; body: string }> {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  let response: Response;
  try {
    response = await doFetch(url.toString(), {
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    const reason =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new Error(`${options.what}: request failed: ${redact(reason, options.secret)}`);
  }
  const body = await response.text();
  return { status: response.status, body };
}

/** The start of a body for an error message, secret removed, on one line. */
export function snippet(body: string, secret: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const short = flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
  return redact(short, secret);
}
