/**
 * `POST /api/<method>`: body parsing (form or JSON), token checks, injected faults, the call log,
 * and Slack's answer convention — HTTP 200 with `ok:false` for every error except 429.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, expandArgs, str } from './args.ts';
import type { EmulatorContext } from './context.ts';
import { mediaType, parseArgs, readBody, sendJson } from './http.ts';
import type { FaultSpec, RecordedCall } from './types.ts';

export const API_PREFIX = '/api/';

type Args = Record<string, unknown>;
export type Method = (
  ctx: EmulatorContext,
  args: Args,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Methods that take the app-level `xapp-` token in the Authorization header instead of the bot token. */
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Which token the call may use, answered the way Slack words each refusal. */
function checkToken(
  ctx: EmulatorContext,
  method: string,
  header: string | undefined,
  token: string | undefined,
) {
  const wantApp = APP_TOKEN_METHODS.has(method);
  // apps.connections.open reads the header only (docs: "token must be in the header").
  const given = wantApp ? header : token;
  if (!given) throw new ApiError('not_authed');
  const expected = wantApp ? ctx.appToken : ctx.botToken;
  if (given === expected) return;
  const other = wantApp ? ctx.botToken : ctx.appToken;
  throw new ApiError(given === other ? 'not_allowed_token_type' : 'invalid_auth');
}

function answerFault(res: ServerResponse, fault: FaultSpec): string {
  if ('error' in fault) {
    sendJson(res, 200, { ok: false, error: fault.error });
    return fault.error;
  }
  if (fault.status === 429) {
    sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter ?? 1) });
    return 'ratelimited';
  }
  sendJson(res, 500, { ok: false, error: 'internal_error' });
  return 'internal_error';
}

async function run(
  ctx: EmulatorContext,
  method: Method,
  args: Args,
): Promise<[number, Record<string, unknown>]> {
  try {
    return [200, { ok: true, ...(await method(ctx, args)) }];
  } catch (err) {
    if (err instanceof ApiError) return [200, { ok: false, error: err.code, ...err.extra }];
    return [
      200,
      { ok: false, error: 'internal_error', detail: err instanceof Error ? err.message : String(err) },
    ];
  }
}

export async function handleApi(
  ctx: EmulatorContext,
  methods: Record<string, Method>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const name = decodeURIComponent((req.url ?? '').slice(API_PREFIX.length).split('?')[0]!);
  const contentType = mediaType(req);
  // Slack also reads arguments from the query string; the body wins when both name one.
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  let args: Args;
  try {
    args = { ...query, ...parseArgs(contentType, await readBody(req)) };
  } catch {
    args = query;
  }
  const header = bearer(req);
  const token = header ?? str(args, 'token');
  const call: RecordedCall = {
    method: name,
    args: expandArgs(args),
    contentType,
    ...(token ? { token } : {}),
    at: ctx.clock(),
    status: 200,
  };
  ctx.state.calls.push(call);
  const delay = ctx.faults.delayFor(name);
  if (delay > 0) await sleep(delay);
  const fault = ctx.faults.take(name);
  if (fault) {
    call.error = answerFault(res, fault);
    call.status = res.statusCode;
    return;
  }
  const method = methods[name];
  let answer: [number, Record<string, unknown>];
  if (!method) answer = [200, { ok: false, error: 'unknown_method' }];
  else {
    try {
      checkToken(ctx, name, header, token);
      answer = await run(ctx, method, args);
    } catch (err) {
      answer = [200, { ok: false, error: err instanceof ApiError ? err.code : 'internal_error' }];
    }
  }
  if (answer[1]['ok'] === false) call.error = String(answer[1]['error']);
  sendJson(res, answer[0], answer[1]);
}
