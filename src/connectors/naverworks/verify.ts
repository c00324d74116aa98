import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest, WebhookAnswer } from '../types.ts';

/**
 * Bot callbacks: `X-WORKS-Signature` = base64(HMAC-SHA256(botSecret, raw body)). Checked over the
 * raw bytes: re-serialising the parsed JSON (as the official Node sample does) breaks on spacing,
 * key order and unicode escaping.
 */

export interface CallbackKeys {
  connection: string;
  botId: string;
  botSecret: string;
}

function header(request: InboundRequest, name: string): string | undefined {
  // The gateway lower-cases names, but a JP doc example writes X-WORKS-botId: match any case.
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function signatureProblem(keys: CallbackKeys, request: InboundRequest): string | null {
  if (header(request, 'x-works-botid')?.trim() !== keys.botId) return 'unknown bot';
  const given = header(request, 'x-works-signature')?.trim();
  if (!given) return 'missing signature';
  const expected = createHmac('sha256', keys.botSecret).update(request.rawBody).digest();
  const actual = Buffer.from(given, 'base64');
  // timingSafeEqual throws on a length mismatch; a wrong length is simply a bad signature.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad signature';
  return null;
}

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function verifyCallback(keys: CallbackKeys, request: InboundRequest): WebhookAnswer {
  const problem = signatureProblem(keys, request);
  if (problem) return refused(401, problem);
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return refused(400, 'invalid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return refused(400, 'expected a JSON object');
  }
  const event = body as Json;
  const type = str(event['type']);
  if (!type) return refused(400, 'type must be a string');
  const source = (event['source'] ?? {}) as Json;
  const userId = str(source['userId']) ?? '';
  const channelId = str(source['channelId']);
  // 1:1 rooms have no channelId: the reply goes to the user directly.
  const replyTo = channelId ? `${keys.connection}/channel/${channelId}` : `${keys.connection}/user/${userId}`;
  return {
    status: 200,
    body: { ok: true },
    events: [
      {
        // No event id on the wire: identical bodies are the same event, so a resend deduplicates.
        id: createHash('sha256').update(request.rawBody).digest('hex'),
        type,
        replyTo,
        user: userId,
        ...fieldsOf(type, event),
        raw: event,
      },
    ],
  };
}

function refused(status: number, reason: string): WebhookAnswer {
  return { status, body: { error: reason }, events: [] };
}

/** Typed extras per event: postback data (also as text, so postbacks can drive commands), members. */
function fieldsOf(type: string, event: Json): { text?: string; data?: string; members?: string[] } {
  if (type === 'postback') {
    const data = str(event['data']);
    return data === undefined ? {} : { text: data, data };
  }
  if (type === 'joined' || type === 'left') {
    const members = Array.isArray(event['members'])
      ? event['members'].filter((m) => typeof m === 'string')
      : [];
    return { members };
  }
  if (type === 'message') {
    const content = (event['content'] ?? {}) as Json;
    const text = content['type'] === 'text' ? str(content['text']) : undefined;
    return text === undefined ? {} : { text };
  }
  return {};
}
