/** Small helpers over node:http: raw bodies, JSON answers, Webex-shaped errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaType, readBody as readBodyUpTo } from '../http-server.ts';
import { trackingId } from './ids.ts';

export const MAX_BODY = 110 * 1024 * 1024;

export const readBody = (req: IncomingMessage): Promise<Buffer> => readBodyUpTo(req, MAX_BODY);

export { mediaType };

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const id = trackingId();
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', trackingid: id, ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** Webex's error body: `{ message, errors: [{ description }], trackingId }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const id = trackingId();
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', trackingid: id, ...headers });
  res.end(JSON.stringify({ message, errors: [{ description: message }], trackingId: id }));
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
  res.end(text);
}

/** The sandbox page has no login, so only this machine may use it. */
export function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Thrown by handlers; the router turns it into a Webex error body. */
export class WebexError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
