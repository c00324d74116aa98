import { errorMessage, OpsbotError } from '../../../platform/errors.ts';

/** What a failed /api/v1 call answers: `{ error: { code, message } }` with its HTTP status. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
}

const NOT_FOUND = new Set(['UNKNOWN_APP', 'HOLIDAY', 'NO_USER', 'NO_TOKEN']);
const CONFLICT = new Set([
  'APP_NOT_RUNNING',
  'APP_DISABLED',
  'RUNNING',
  'LOCKED',
  'EXISTS',
  'LEASE_LOST',
  'USER_EXISTS',
  'LAST_ADMIN',
]);
/** An app's action failed: the app's own message, written for its users, passes. */
const UPSTREAM = new Set(['ACTION']);
const UNAVAILABLE = new Set(['STORE_OPEN', 'STORE_MIGRATE', 'NOT_RUNNING', 'REDIS_TIMEOUT', 'TIMEOUT']);
/** Driver errors meaning the database cannot answer right now (disk full, busy, gone). */
const STORE_DOWN =
  /^(SQLITE_(BUSY|FULL|IOERR|LOCKED|READONLY|CANTOPEN)|ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P0\d|08\d{3})/;

/**
 * The HTTP status for an error a daemon method threw. Only errors the daemon meant for the caller
 * (OpsbotError) carry their message; anything else is a generic 500 (logged by the caller), since a
 * driver's or library's text may name hosts, paths or values.
 */
export function apiErrorOf(err: unknown): ApiError {
  if (err instanceof OpsbotError) {
    const { code } = err;
    const message = errorMessage(err);
    if (code === 'FORBIDDEN') return { status: 403, code, message };
    if (NOT_FOUND.has(code)) return { status: 404, code, message };
    if (CONFLICT.has(code)) return { status: 409, code, message };
    if (UNAVAILABLE.has(code)) return { status: 503, code, message };
    if (UPSTREAM.has(code)) return { status: 502, code, message };
    // A provider's token answer may echo what was sent: only the log has the details.
    if (code === 'AUTH')
      return { status: 502, code, message: 'the token request failed; the daemon log says why' };
    // BAD_ARGS, UNKNOWN_METHOD, UNKNOWN_ACTION, USAGE: the caller's mistake (the CLI's exit 2).
    if (err.exitCode === 2 || code === 'BAD_ARGS' || code === 'USAGE') return { status: 400, code, message };
  }
  const driverCode = String((err as { code?: unknown } | null)?.code ?? '');
  if (STORE_DOWN.test(driverCode))
    return { status: 503, code: 'STORE_UNAVAILABLE', message: 'the store is unavailable; try again shortly' };
  return { status: 500, code: 'INTERNAL', message: 'internal error' };
}
