/** JSON answers and request bodies for the Key Vault emulator. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http-server.ts';

export { sendJson };

/** Far above any secret (Key Vault caps a value at 25 KB); only guards against a runaway test. */
const MAX_BODY = 1024 * 1024;

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
