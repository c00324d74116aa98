/** Small helpers over node:http: raw bodies, JSON answers, Webex-shaped errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { trackingId } from './ids.ts';

export const MAX_BODY = 110 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

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
