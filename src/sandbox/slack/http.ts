/** Small helpers over node:http: read the raw body, parse Slack's two body encodings, answer JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaType, readBody as readBodyUpTo, sendJson } from '../http-server.ts';

export { sendJson };

export const MAX_BODY = 50 * 1024 * 1024;

export const readBody = (req: IncomingMessage): Promise<Buffer> => readBodyUpTo(req, MAX_BODY);

export { mediaType };

/**
 * Web API arguments from a form or JSON body. Form values stay strings here: which ones hold JSON
 * (`blocks`, `view`, …) is decided per method, as Slack does.
 */
export function parseArgs(type: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (type === 'application/json') {
    if (!text.trim()) return {};
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
  res.end(text);
}

/** The sandbox pages have no login, so only this machine may use them. */
export function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
