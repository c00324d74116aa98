/** Acting as Slack over HTTP: signed POSTs to the app's Request URL, and the ack read back. */
import type { EmulatorContext } from './context.ts';
import { type Forgery, type RetryMark, signedHeaders } from './signing.ts';
import type { OutboundResult } from './types.ts';

export type Transport = 'http' | 'socket';

export interface DeliverOptions {
  /** Over the app's Socket Mode connection instead of HTTP; defaults to `emulator.transport`. */
  transport?: Transport;
  forge?: Forgery;
  /** Mark the request as Slack's n-th retry (`X-Slack-Retry-Num` / `-Reason`). */
  retry?: RetryMark;
  /** Another Request URL for this one request. */
  url?: string;
}

export type Body = { kind: 'form'; fields: Record<string, string> } | { kind: 'json'; value: unknown };

function encode(body: Body): string {
  if (body.kind === 'json') return JSON.stringify(body.value);
  return new URLSearchParams(body.fields).toString();
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function postSigned(
  ctx: EmulatorContext,
  body: Body,
  options: DeliverOptions,
): Promise<OutboundResult> {
  const url = options.url ?? ctx.requestUrl;
  if (!url) throw new Error('no Request URL is set: pass requestUrl or call setRequestUrl()');
  const raw = encode(body);
  const signed = signedHeaders(ctx.signingSecret, ctx.clock(), raw, body.kind === 'json', options.forge);
  const headers: Record<string, string> = {
    ...signed.headers,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retry) {
    headers['x-slack-retry-num'] = String(options.retry.num);
    headers['x-slack-retry-reason'] = options.retry.reason;
  }
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: signed.body,
      signal: AbortSignal.timeout(ctx.ackTimeoutMs),
    });
    const text = await res.text();
    const json = parseJson(text);
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: text,
      ...(json !== undefined ? { json } : {}),
    };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    return { status: 0, headers: {}, body: '', error: timedOut ? 'operation_timeout' : String(err) };
  }
}
