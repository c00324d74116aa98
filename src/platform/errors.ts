/** One error class for everything opsbot reports to a person: a stable code and an exit code. */
export class OpsbotError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'OpsbotError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Exit codes (contract): 0 ok, 1 failure, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function usageError(message: string): OpsbotError {
  return new OpsbotError('USAGE', message, { exitCode: EXIT_USAGE });
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** fetch() says "fetch failed" and hides the reason (ECONNREFUSED, a TLS error) in cause. */
export function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : String(cause);
}
