/** Reading Web API arguments the way Slack does: strings from forms, JSON-in-a-string for objects. */

/** A Slack `ok:false` answer; `extra` adds fields such as `response_metadata`. */
export class ApiError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;
  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

/** `invalid_arguments` with the human-readable messages Slack puts in `response_metadata.messages`. */
export function invalidArguments(...messages: string[]): ApiError {
  return new ApiError('invalid_arguments', { response_metadata: { messages } });
}

export function str(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

/**
 * An object or array argument. The web-api client sends these as JSON strings inside the form;
 * JSON bodies carry them as is. Unparseable JSON is `invalid_<name>` (Slack's `invalid_blocks` style)
 * unless the method names its own error.
 */
export function jsonArg(args: Record<string, unknown>, name: string, error = `invalid_${name}`): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ApiError(error);
  }
}

export function bool(args: Record<string, unknown>, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Arguments with JSON strings expanded, as recorded for tests. */
export function expandArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}
