import { OpsbotError } from '../../platform/errors.ts';

/**
 * Every failure of an NCP call: code `NCP_<code>` (`NCP_802`, `NCP_200`, `NCP_NotFound`,
 * `NCP_HTTP_<status>`, `NCP_NETWORK`) and NCP's own message. Only code and message cross IPC to
 * apps; status, path and returnCode are for the daemon's logs.
 */
export class NcpApiError extends OpsbotError {
  readonly status: number | undefined;
  readonly path: string;
  /** NCP's returnCode or errorCode, when the answer had one. */
  readonly returnCode: string | undefined;
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    details: { status?: number; path: string; returnCode?: string; retryable?: boolean; cause?: unknown },
  ) {
    super(`NCP_${code}`, message, { cause: details.cause });
    this.name = 'NcpApiError';
    this.status = details.status;
    this.path = details.path;
    this.returnCode = details.returnCode;
    this.retryable = details.retryable ?? false;
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** NCP's code and message from one of its three error bodies, or undefined for any other body. */
export function errorEnvelope(body: unknown): { code: string; message: string } | undefined {
  if (!isObject(body)) return undefined;
  // Legacy v2 actions: {"responseError":{"returnCode":"802","returnMessage":"…"}}
  const legacy = body['responseError'];
  if (isObject(legacy) && text(legacy['returnCode'])) {
    return { code: text(legacy['returnCode']) as string, message: text(legacy['returnMessage']) ?? '' };
  }
  // Gateway ({errorCode, message}) and the Ncloud API standard body (adds details, fieldErrors).
  const error = body['error'];
  if (isObject(error) && text(error['errorCode'])) {
    return { code: text(error['errorCode']) as string, message: standardMessage(error) };
  }
  return undefined;
}

/** The message, with the standard body's field errors after it: they say which parameter was wrong. */
function standardMessage(error: Json): string {
  const message = text(error['message']) ?? '';
  const fields = Array.isArray(error['fieldErrors']) ? error['fieldErrors'].filter(isObject) : [];
  const named = fields
    .map((f) => [text(f['field']), text(f['message'])].filter(Boolean).join(': '))
    .filter((line) => line !== '');
  return named.length === 0 ? message : `${message} (${named.join('; ')})`;
}

/**
 * A v2 action answer is `{"{action}Response": {…}}`: the single outer key is dropped. A 200 whose
 * inner returnCode is not "0" is an error all the same.
 */
export function innerResponse(body: unknown): unknown {
  if (!isObject(body)) return body;
  const keys = Object.keys(body);
  const only = keys.length === 1 ? keys[0] : undefined;
  return only?.endsWith('Response') && isObject(body[only]) ? body[only] : body;
}

/** The error a 2xx answer carries (an error body, or a returnCode other than "0"), if any. */
export function okAnswerError(body: unknown, inner: unknown): { code: string; message: string } | undefined {
  const envelope = errorEnvelope(body);
  if (envelope) return envelope;
  if (!isObject(inner)) return undefined;
  const code = text(inner['returnCode']);
  if (code === undefined || code === '0') return undefined;
  return { code, message: text(inner['returnMessage']) ?? '' };
}
