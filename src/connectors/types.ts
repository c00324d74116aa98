import type { z } from 'zod';
import type { Clock } from '../platform/clock.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import type { PortableMessage } from '../sdk/message.ts';

/**
 * A connector is one external service. Like the Vercel chat SDK adapters: a small required part
 * (type, options) plus optional capabilities a connector declares by implementing them.
 */

export interface ConnectorContext {
  /** The connection's name in opsbot.yaml. */
  name: string;
  /** The connection block, validated by the type's options schema (secrets resolved). */
  options: Record<string, unknown>;
  store: Store;
  log: Logger;
  clock: Clock;
}

export interface OutboundPayload {
  kind: 'portable' | 'native';
  /** A PortableMessage when kind is 'portable'; the connector's own shape otherwise. */
  message: PortableMessage | unknown;
}

export interface SendMeta {
  /** Stable across retries of one outbox item: receivers can dedupe on it. */
  idempotencyKey: string;
  attempt: number;
}

/** An inbound event after verification, before routing to apps. */
export interface InboundEvent {
  /** Dedupe key: the same event delivered twice carries the same id. */
  id: string;
  connection: string;
  /** 'message' for chat text; others are connector-specific (postback, join, …). */
  type: string;
  /** Where a reply goes, as a full target: "<connection>/<kind>/<id>". */
  replyTo: string;
  user: string;
  text?: string;
  receivedAt: number;
  raw?: unknown;
}

export type VerifyResult =
  | {
      ok: true;
      events: Array<Omit<InboundEvent, 'connection' | 'receivedAt'>>;
      reply?: { status: number; body: unknown };
    }
  | { ok: false; status: number; reason: string };

export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface Connector {
  readonly name: string;
  readonly type: string;
  /** Sends per minute by default; config `rateLimit` overrides. */
  readonly defaultRateLimit: number;
  /** Destination kinds accepted after the connection name ("channel", "user"); [] = the connection alone. */
  readonly destinations: readonly string[];
  /** Capability: outbound messages. Throws DeliveryError to ask for a retry (or not). */
  send?(destination: string, payload: OutboundPayload, meta: SendMeta): Promise<void>;
  /** Capability: inbound callbacks on POST /hooks/<connection>. Must check signatures over the raw bytes. */
  verify?(request: InboundRequest): VerifyResult | Promise<VerifyResult>;
  /** Capability: told about each new (not duplicate) inbound event once it is in the inbox. */
  received?(event: InboundEvent): Promise<void>;
  /** Capability: a typed client for non-message APIs, reached by apps through ctx.connector(name). */
  client?: Record<string, (...args: never[]) => unknown>;
  close?(): Promise<void>;
}

export interface ConnectorType {
  readonly type: string;
  /** Validates the connection's block in opsbot.yaml (beyond type and rateLimit). */
  readonly options: z.ZodType;
  create(ctx: ConnectorContext): Connector;
}

/** Thrown by send(). retryable=false goes straight to dead; retryAfterMs honours Retry-After. */
export class DeliveryError extends OpsbotError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    message: string,
    opts: { retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown },
  ) {
    super('DELIVERY', message, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status;
  }
}
