import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FormDelivery } from '../../contracts/forms.ts';
import type { PortableMessage } from '../../contracts/message.ts';
import { secretField } from '../../platform/config/secret-fields.ts';
import type { SandboxMessage, Store } from '../../platform/store/types.ts';
import { defineConnector } from '../define.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import type {
  InboundEvent,
  InboundRequest,
  OutboundPayload,
  VerifiedEvent,
  WebhookAnswer,
} from '../types.ts';

/**
 * The embedded default messenger: messages live in the store (sandbox table) and show up on the
 * gateway's /sandbox page. Lets people try opsbot with no external account, and lets tests assert
 * on what an app "posted".
 */

export const SANDBOX_SIGNATURE_HEADER = 'x-opsbot-signature';
export const SANDBOX_BOT_AUTHOR = 'opsbot';
const SANDBOX_DESTINATIONS: readonly string[] = ['channel', 'user'];

const optionsSchema = z.object({
  /** When set, POST /hooks/<connection> must carry x-opsbot-signature: sha256=<hex HMAC of the raw body>. */
  secret: secretField(z.string().min(1)).optional(),
});

export type SandboxOptions = z.output<typeof optionsSchema>;

/** What an inbound (person → bot) message stores as its payload; outbound ones store the OutboundPayload. */
export interface SandboxTextPayload {
  kind: 'text';
  text: string;
  eventId: string;
}

export type SandboxListener = (message: SandboxMessage) => void;

export interface SandboxFeed {
  /** Calls listener for each sandbox message stored from now on; returns the unsubscribe function. */
  subscribe(listener: SandboxListener): () => void;
  publish(message: SandboxMessage): void;
}

// Keyed by store, not global: two daemons (or two tests) in one process must not see each other's
// messages, while connectors recreated on reload keep feeding the same page streams.
const feeds = new WeakMap<Store, SandboxFeed>();

/** The live feed of sandbox messages kept in `store` (what the page's SSE stream listens to). */
export function sandboxFeed(store: Store): SandboxFeed {
  let feed = feeds.get(store);
  if (!feed) {
    const listeners = new Set<SandboxListener>();
    feed = {
      subscribe(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      publish(message) {
        for (const listener of listeners) listener(message);
      },
    };
    feeds.set(store, feed);
  }
  return feed;
}

/** Signature header value for a body, as a sender (or a test) computes it. */
export function signSandboxBody(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

// The gateway's /sandbox/api guard needs each connection's secret; kept by store like the feeds,
// so connections recreated on reload replace their entry.
const secrets = new WeakMap<Store, Map<string, string | undefined>>();

/** The `secret` of the sandbox connection `name` kept in `store`, if it has one. */
export function sandboxSecret(store: Store, name: string): string | undefined {
  return secrets.get(store)?.get(name);
}

/** True when `header` is `sha256=<hex HMAC of data with secret>`. */
export function verifySandboxSignature(
  secret: string,
  header: string | string[] | undefined,
  data: Buffer | string,
): boolean {
  return checkSignature(secret, header, Buffer.from(data)) === null;
}

function checkSignature(secret: string, header: string | string[] | undefined, rawBody: Buffer) {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 'missing signature';
  const match = /^sha256=([0-9a-f]{64})$/i.exec(value.trim());
  if (!match?.[1]) return 'bad signature';
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex')) ? null : 'bad signature';
}

interface HookBody {
  id?: string;
  channel?: string;
  user?: string;
  text: string;
  /** The whole body as sent, for the event's `raw`. */
  raw: object;
}

function parseHookBody(rawBody: Buffer): HookBody | string {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return 'invalid JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  const b = new Map(Object.entries(body));
  const text = b.get('text');
  if (typeof text !== 'string') return 'text must be a string';
  const hook: HookBody = { text, raw: body };
  for (const key of ['id', 'channel', 'user'] as const) {
    const value = b.get(key);
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') return `${key} must be a non-empty string`;
    hook[key] = value;
  }
  return hook;
}

/** "channel/general" → ok; anything whose kind the sandbox does not know → null. */
export function parseSandboxDestination(destination: string): { kind: string; id: string } | null {
  const slash = destination.indexOf('/');
  if (slash <= 0) return null;
  const kind = destination.slice(0, slash);
  const id = destination.slice(slash + 1);
  if (!id || !SANDBOX_DESTINATIONS.includes(kind)) return null;
  return { kind, id };
}

/** What the sandbox stores for an outbound message: the page shows portable ones as cards, the rest as JSON. */
export type SandboxOutbound =
  | { kind: 'portable'; message: PortableMessage }
  | { kind: 'native'; message: SandboxBody }
  | { kind: 'form'; form: FormDelivery };

/** A native sandbox body: any JSON value, shown as it is. */
export const sandboxBody = z.json();
export type SandboxBody = z.output<typeof sandboxBody>;

function stored(payload: OutboundPayload<SandboxBody>): SandboxOutbound {
  if (payload.kind === 'native') return { kind: 'native', message: payload.body };
  return payload;
}

export const sandboxConnector = defineConnector({
  type: 'sandbox',
  options: optionsSchema,
  native: sandboxBody,
  defaultRateLimit: 6000,
  capabilities: () => ({
    send: true,
    destinations: SANDBOX_DESTINATIONS,
    // The sandbox page renders a form itself.
    forms: 'native',
    files: false,
    receive: 'webhook',
    auth: false,
  }),
  create(ctx) {
    const { name, store, clock } = ctx;
    const { secret } = ctx.options;
    const feed = sandboxFeed(store);
    const known = secrets.get(store) ?? new Map<string, string | undefined>();
    secrets.set(store, known);
    known.set(name, secret);

    const add = async (message: Omit<SandboxMessage, 'id'>) => {
      const stored = await store.sandbox.add(message);
      feed.publish(stored);
    };

    return {
      async send(destination: string, payload: OutboundPayload<SandboxBody>) {
        if (!parseSandboxDestination(destination)) {
          throw new DeliveryError(
            `sandbox destination must be channel/<id> or user/<id>, got "${destination}"`,
            { retryable: false },
          );
        }
        await add({
          connection: name,
          destination,
          direction: 'out',
          author: SANDBOX_BOT_AUTHOR,
          payload: stored(payload),
          createdAt: clock.now(),
        });
      },

      receive: {
        mode: 'webhook',
        handle(request: InboundRequest): WebhookAnswer {
          if (secret) {
            const problem = checkSignature(
              secret,
              request.headers[SANDBOX_SIGNATURE_HEADER],
              request.rawBody,
            );
            if (problem) return refused(401, problem);
          }
          const body = parseHookBody(request.rawBody);
          if (typeof body === 'string') return refused(400, body);
          // Without an id, identical bodies are the same event: a sender's retry is then deduplicated.
          const id = body.id ?? createHash('sha256').update(request.rawBody).digest('hex');
          const event: VerifiedEvent = {
            id,
            type: 'message',
            replyTo: `${name}/channel/${body.channel ?? 'general'}`,
            user: body.user ?? 'guest',
            text: body.text,
            raw: body.raw,
          };
          return { status: 200, body: { ok: true }, events: [event] };
        },

        async received(event: InboundEvent) {
          const prefix = `${name}/`;
          const destination = event.replyTo.startsWith(prefix)
            ? event.replyTo.slice(prefix.length)
            : event.replyTo;
          const payload: SandboxTextPayload = { kind: 'text', text: event.text ?? '', eventId: event.id };
          await add({
            connection: name,
            destination,
            direction: 'in',
            author: event.user,
            payload,
            createdAt: event.receivedAt,
          });
        },
      },
    };
  },
});

function refused(status: number, reason: string): WebhookAnswer {
  return { status, body: { error: reason }, events: [] };
}
