/**
 * `POST /response/<id>`: the `response_url` Slack hands out with commands and interactions.
 * Up to 5 uses within 30 minutes (reference §1.7); after that it answers 404 with
 * `used_url` / `expired_url`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context.ts';
import { readBody, sendJson } from './http.ts';
import { randomHex } from './ids.ts';
import type { RecordedMessage } from './types.ts';

export const RESPONSE_PREFIX = '/response/';
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export function issueResponseUrl(
  ctx: EmulatorContext,
  user: string,
  channel: string,
  messageTs?: string,
): string {
  const id = randomHex(12);
  ctx.state.responseUrls.set(id, {
    id,
    user,
    channel,
    issuedAt: ctx.clock(),
    uses: 0,
    ...(messageTs ? { messageTs } : {}),
  });
  return `${ctx.baseUrl()}${RESPONSE_PREFIX}${id}`;
}

type Body = Record<string, unknown>;

function parse(raw: Buffer): Body | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined;
  } catch {
    return undefined;
  }
}

/** Applies one response body: a new message, or a change to the message the action came from. */
export function applyResponse(
  ctx: EmulatorContext,
  target: { user: string; channel: string; messageTs?: string },
  body: Body,
  via: RecordedMessage['via'],
): string | undefined {
  const original = ctx.state.messages.find((m) => m.channel === target.channel && m.ts === target.messageTs);
  if (body['delete_original'] === true || body['delete_original'] === 'true') {
    if (original) original.deleted = true;
    return undefined;
  }
  const text = typeof body['text'] === 'string' ? body['text'] : undefined;
  const blocks = Array.isArray(body['blocks']) ? body['blocks'] : undefined;
  const attachments = Array.isArray(body['attachments']) ? body['attachments'] : undefined;
  if (text === undefined && !blocks && !attachments) return 'no_text';
  const replace = body['replace_original'] === true || body['replace_original'] === 'true';
  if (replace && original) {
    Object.assign(original, { text, blocks, attachments, edited: true });
    return undefined;
  }
  const inChannel = body['response_type'] === 'in_channel';
  const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
  ctx.state.messages.push({
    channel: target.channel,
    ts: ctx.state.nextTs(),
    author: ctx.state.workspace.botUserId,
    ...(inChannel ? {} : { user: target.user }),
    ephemeral: !inChannel,
    ...(text !== undefined ? { text } : {}),
    ...(blocks ? { blocks } : {}),
    ...(attachments ? { attachments } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via,
  });
  return undefined;
}

export async function handleResponseUrl(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse) {
  const id = (req.url ?? '').slice(RESPONSE_PREFIX.length).split('?')[0]!;
  const entry = ctx.state.responseUrls.get(id);
  const raw = await readBody(req);
  if (req.method !== 'POST' || !entry) return sendJson(res, 404, { ok: false, error: 'invalid_url' });
  if (ctx.clock() - entry.issuedAt > RESPONSE_URL_TTL_MS) {
    return sendJson(res, 404, { ok: false, error: 'expired_url' });
  }
  if (entry.uses >= RESPONSE_URL_USES) return sendJson(res, 404, { ok: false, error: 'used_url' });
  const body = parse(raw);
  if (!body) return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
  const error = applyResponse(ctx, entry, body, 'response_url');
  if (error) return sendJson(res, 400, { ok: false, error });
  entry.uses += 1;
  sendJson(res, 200, { ok: true });
}
