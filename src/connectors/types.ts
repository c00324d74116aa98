import type { z } from 'zod';
import type { InboundEvent } from '../contracts/inbound.ts';
import type { PortableMessage } from '../contracts/message.ts';
import type { Clock } from '../platform/clock.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';

export type { InboundEvent };

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
  /** Where the gateway is reached from outside (http.publicUrl, else http://host:port), no trailing slash. */
  publicUrl?: string;
}

export interface OutboundPayload {
  kind: 'portable' | 'native' | 'form';
  /** A PortableMessage when kind is 'portable', a FormDelivery when 'form'; the connector's own shape otherwise. */
  message: PortableMessage | unknown;
}

export interface SendMeta {
  /** Stable across retries of one outbox item: receivers can dedupe on it. */
  idempotencyKey: string;
  attempt: number;
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
  client?: Record<string, unknown>;
  /** Capability: OAuth tokens the CLI (`opsbot auth`) and the gateway's /oauth route manage. */
  auth?: ConnectorAuth;
  close?(): Promise<void>;
}

/** Token state for `opsbot auth status`: expiries and presence, never a token value. */
export interface AuthStatus {
  connection: string;
  type: string;
  flow: 'service-account' | 'user';
  access: { expiresAt: number | null; updatedAt: number } | null;
  refresh: { expiresAt: number | null; updatedAt: number; daysLeft: number | null } | null;
  /** ok · expiring (refresh token within the warning window) · expired · needs-login (user flow, no refresh token yet). */
  state: 'ok' | 'expiring' | 'expired' | 'needs-login';
  /** What a person should do, when state is not ok. */
  warning?: string;
}

export interface ConnectorAuth {
  /** The consent URL for the user flow; `state` comes back on the redirect. */
  authorizeUrl(state: string): string;
  /** Trades a redirect's code for tokens and stores them. */
  exchangeCode(code: string): Promise<AuthStatus>;
  /** Gets a new access token now (rotating the refresh token in the user flow). */
  refresh(): Promise<AuthStatus>;
  status(): Promise<AuthStatus>;
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
