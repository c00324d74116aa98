/** The answers NCP gives: the success envelope (JSON or XML) and its three error envelopes (more-wire-facts §4.3). */
import { randomUUID } from 'node:crypto';
import type { Reply } from './types.ts';

const JSON_TYPE = 'application/json;charset=UTF-8';

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** API Gateway errors (auth, quota, unknown path): `{"error":{"errorCode","message","details"}}`. */
export function gatewayError(
  status: number,
  errorCode: string,
  message: string,
  details?: string,
  headers: Record<string, string> = {},
): Reply {
  const error: Record<string, string> = { errorCode, message };
  if (details !== undefined) error['details'] = details;
  return jsonReply(status, { error }, headers);
}

export const authFailed = (details: string): Reply =>
  gatewayError(401, '200', 'Authentication Failed', details);

export const notFound = (path: string): Reply =>
  gatewayError(404, '300', 'Not Found', `No API is published at ${path}`);

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The newer "Ncloud API standard" error, used here for bad parameters. The docs only show
 * `NotFound`; the other codes this emulator uses (`BadRequest`) are UNCONFIRMED names.
 */
export function standardError(errorCode: string, message: string, fieldErrors: FieldError[] = []): Reply {
  return jsonReply(400, { error: { errorCode, message, fieldErrors } });
}

export const badParameter = (field: string, message: string): Reply =>
  standardError('BadRequest', `Invalid parameter: ${field}`, [{ field, message }]);

/** Legacy v2 service error. Rendered as XML too when the client did not ask for JSON. */
export function legacyError(returnCode: string, returnMessage: string, status: number, json: boolean): Reply {
  const body = { responseError: { returnCode, returnMessage } };
  return json ? jsonReply(status, body) : xmlReply(status, body);
}

/** The v2 success envelope `{ "<action>Response": { requestId, returnCode, returnMessage, totalRows, <listKey> } }`. */
export function listEnvelope(
  action: string,
  listKey: string,
  items: Record<string, unknown>[],
  totalRows: number,
  json: boolean,
): Reply {
  const body = {
    [`${action}Response`]: {
      requestId: randomUUID(),
      returnCode: '0',
      returnMessage: 'success',
      totalRows,
      [listKey]: items,
    },
  };
  return json ? jsonReply(200, body) : xmlReply(200, body);
}

/** A plain XML rendering, enough that a client which forgot `responseFormatType=json` cannot parse it as JSON. */
export function xmlReply(status: number, body: Record<string, unknown>): Reply {
  const [root, value] = Object.entries(body)[0]!;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`;
  return { status, headers: { 'content-type': 'application/xml;charset=UTF-8' }, body: xml };
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    // NCP names list members after the list: serverInstanceList → serverInstance.
    const member = name.endsWith('List') ? name.slice(0, -4) : 'item';
    return `<${name}>${value.map((v) => element(member, v)).join('')}</${name}>`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value ?? ''))}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
