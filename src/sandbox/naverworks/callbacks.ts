/**
 * Outgoing bot callbacks. The body is serialised with unusual spacing (`{"type": "message", ...}`)
 * and raw non-ASCII, so only a receiver that verifies the HMAC over the raw bytes passes.
 */
import { createHmac } from 'node:crypto';
import type { EmulatorContext } from './context.ts';

export type CallbackEvent = { type: string; source?: Record<string, unknown> } & Record<string, unknown>;

export interface CallbackOptions {
  /** `good` (default) signs with the bot secret, `forged` with another key, `missing` omits the header. */
  signature?: 'good' | 'forged' | 'missing';
  /** Send compact `JSON.stringify` output instead of the spaced form (still correctly signed). */
  reserialize?: boolean;
  /** Gives up after this long (default 10 s), so a hook that never answers cannot stall a sender. */
  timeoutMs?: number;
}

export const CALLBACK_TIMEOUT_MS = 10_000;

/** JSON with a space after every `:` and `,`; strings keep raw UTF-8 as the real sender does. */
export function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${spacedJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

export function signBody(secret: string, raw: Buffer): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

/** Fills `issuedTime` and `source.domainId` when the caller left them out. */
export function completeEvent(ctx: EmulatorContext, event: CallbackEvent): CallbackEvent {
  return {
    ...event,
    source: {
      ...(event.source ?? {}),
      domainId: event.source?.['domainId'] ?? ctx.options.domainId ?? 10000001,
    },
    issuedTime: event['issuedTime'] ?? new Date(ctx.now()).toISOString(),
  };
}

export async function postCallback(
  ctx: EmulatorContext,
  url: string,
  botId: string,
  event: CallbackEvent,
  options: CallbackOptions = {},
): Promise<number> {
  const bot = ctx.bots.get(botId);
  if (!bot) throw new Error(`postCallback: unknown botId ${botId}`);
  const body = completeEvent(ctx, event);
  const raw = Buffer.from(options.reserialize ? JSON.stringify(body) : spacedJson(body), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=UTF-8',
    'X-WORKS-BotId': botId,
  };
  const mode = options.signature ?? 'good';
  if (mode !== 'missing') {
    // A forged signature has the right shape and length, so only a real HMAC check rejects it.
    headers['X-WORKS-Signature'] = signBody(mode === 'good' ? bot.botSecret : `${bot.botSecret}-forged`, raw);
  }
  // The signal also covers reading the body below: a hook that sends headers and then stalls is cut off too.
  const signal = AbortSignal.timeout(options.timeoutMs ?? CALLBACK_TIMEOUT_MS);
  const res = await fetch(url, { method: 'POST', headers, body: raw, signal });
  // Drain the body so the connection is released; the status is all a sender learns.
  await res.arrayBuffer();
  return res.status;
}
