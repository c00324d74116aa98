/** JSON answers and request bodies for the Key Vault emulator. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-server.ts';

/** Far above any secret (Key Vault caps a value at 25 KB); only guards against a runaway test. */
const MAX_BODY = 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Key Vault's error envelope: `{ error: { code, message, innererror? } }`. */
export function sendVaultError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { inner?: string; headers?: Record<string, string> } = {},
): void {
  const error = extra.inner ? { code, message, innererror: { code: extra.inner } } : { code, message };
  sendJson(res, status, { error }, extra.headers);
}

export async function readText(req: IncomingMessage): Promise<string> {
  return (await readBody(req, MAX_BODY)).toString('utf8');
}
