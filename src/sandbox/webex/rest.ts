/**
 * The REST router at `/v1`: Bearer auth (401), injected faults (`fail`/`slow`), the calls log, and
 * Webex-shaped errors. Routes are `METHOD /pattern/{id}`; the same strings key the faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context.ts';
import { mediaType, readBody, sendError, sendJson, WebexError } from './http.ts';
import { trackingId } from './ids.ts';
import type { FilePart } from './multipart.ts';

export const API_PREFIX = '/v1/';

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lower-case media type without parameters. */
  type: string;
  contentType: string;
  raw: Buffer;
  /** The body as a JSON object (400 when it is not one). */
  json(): Record<string, unknown>;
  /** What the calls log shows as the body (set by multipart handlers). */
  logged?: unknown;
}

export interface ApiAnswer {
  status: number;
  body?: unknown;
  bytes?: Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => ApiAnswer | Promise<ApiAnswer>;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i]!;
    if (w.startsWith('{')) {
      if (!got[i]) return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(got[i]!);
    } else if (w !== got[i]) return undefined;
  }
  return params;
}

function jsonOf(type: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text.trim()) return {};
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new WebexError(415, `Content-Type ${type || '(none)'} is not supported; send application/json`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WebexError(400, 'The request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new WebexError(400, 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function loggedBody(req: ApiRequest): unknown {
  if (req.logged !== undefined) return req.logged;
  try {
    return req.raw.length ? req.json() : undefined;
  } catch {
    return req.raw.toString('utf8');
  }
}

export function summarizeFile(file: FilePart): Record<string, unknown> {
  return { filename: file.filename, contentType: file.contentType, size: file.bytes.length };
}

const UNAUTHORIZED = 'The request requires a valid access token set in the Authorization request header.';

export async function handleApi(
  ctx: EmulatorContext,
  routes: Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname.slice(API_PREFIX.length - 1).replace(/\/$/, '') || '/';
  const method = req.method ?? 'GET';
  let found: { route: Route; params: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = match(route.pattern, path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  const routeKey = found ? `${method} ${found.route.pattern}` : `${method} ${path}`;
  const raw = await readBody(req);
  const type = mediaType(req);
  const apiReq: ApiRequest = {
    method,
    path,
    params: found?.params ?? {},
    query: url.searchParams,
    type,
    contentType: req.headers['content-type'] ?? '',
    raw,
    json: () => jsonOf(type, raw),
  };
  const record = (status: number) =>
    ctx.state.calls.push({
      method,
      path,
      route: routeKey,
      status,
      body: loggedBody(apiReq),
      at: ctx.clock(),
    });

  if (req.headers.authorization !== `Bearer ${ctx.botToken}`) {
    record(401);
    return sendError(res, 401, UNAUTHORIZED);
  }
  if (!found) {
    record(404);
    return sendError(res, 404, `The requested resource could not be found: ${method} /v1${path}`);
  }
  const delay = ctx.faults.delayFor(routeKey);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const fault = ctx.faults.take(routeKey);
  if (fault) {
    record(fault.status);
    const headers: Record<string, string> = {};
    if (fault.status === 429 || fault.retryAfter !== undefined)
      headers['retry-after'] = String(fault.retryAfter ?? 60);
    const message =
      fault.message ??
      (fault.status === 429 ? 'Too Many Requests' : `Injected failure (${fault.status}) by the sandbox`);
    return sendError(res, fault.status, message, headers);
  }
  let answer: ApiAnswer;
  try {
    answer = await found.route.handler(apiReq);
  } catch (err) {
    if (!(err instanceof WebexError)) throw err;
    record(err.status);
    return sendError(res, err.status, err.message);
  }
  record(answer.status);
  if (answer.bytes) {
    res.writeHead(answer.status, { trackingid: trackingId(), ...answer.headers });
    res.end(answer.bytes);
    return;
  }
  if (answer.status === 204) {
    res.writeHead(204, { trackingid: trackingId() });
    res.end();
    return;
  }
  sendJson(res, answer.status, answer.body, answer.headers);
}
