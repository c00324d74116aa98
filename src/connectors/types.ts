import type { z } from 'zod';
import type { FormDelivery } from '../contracts/forms.ts';
import type { InboundEvent } from '../contracts/inbound.ts';
import type { PortableMessage } from '../contracts/message.ts';
import type { Clock } from '../platform/clock.ts';
import type { ConnectionCapabilities } from '../platform/config/capabilities.ts';
import type { Logger } from '../platform/log.ts';
import type { Redactor } from '../platform/redact.ts';
import type { ConnectorStateRepo, Store } from '../platform/store/types.ts';
import type { SecretVault } from '../platform/vault/types.ts';

export { DeliveryError } from './kit/delivery-error.ts';
export type { ConnectionCapabilities as Capabilities, InboundEvent };

/**
 * A connector is one external service. Like the Vercel chat SDK adapters: a small required part
 * (type, typed options, declared capabilities) plus the parts those capabilities promise.
 * Written with defineConnector (define.ts); the engine only sees `Connector`.
 */

export interface ConnectorContext<Options> {
  /** The connection's name in opsbot.yaml. */
  name: string;
  /** The connection block, parsed once by the type's options schema (secrets resolved, defaults applied). */
  options: Options;
  store: Store;
  /** The connector's own key space (`store.connectorState(<type>/<connection>)`). */
  state: ConnectorStateRepo;
  log: Logger;
  clock: Clock;
  /** Scrubs the config's secrets; add credentials obtained later (access tokens) to it. */
  redactor: Redactor;
  /** Where the gateway is reached from outside (http.publicUrl, else http://host:port), no trailing slash. */
  publicUrl?: string;
  /** The config's vault (`secrets.vault`), when there is one: for connectors that find accounts in it. */
  vault?: SecretVault;
}

/** What the outbox hands a connector: a portable message, a form to show, or the platform's own body. */
export type OutboundPayload<Native = unknown> =
  | { kind: 'portable'; message: PortableMessage }
  | { kind: 'form'; form: FormDelivery }
  | { kind: 'native'; body: Native };

export interface SendMeta {
  /** Stable across retries of one outbox item: receivers can dedupe on it. */
  idempotencyKey: string;
  attempt: number;
}

/** An inbound event as a connector reads it; the engine adds connection and receivedAt. */
export type VerifiedEvent = Omit<InboundEvent, 'connection' | 'receivedAt'>;

export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

/**
 * A webhook's answer, computed synchronously from the raw request: the HTTP reply and the events to
 * store. A refused request (bad signature) is a 4xx with no events.
 */
export interface WebhookAnswer {
  status: number;
  body: unknown;
  events: VerifiedEvent[];
  /**
   * The reply once the events are stored, for a platform that waits for an app's answer in the
   * reply itself (a Slack modal's field errors): gets the new events as stored, form submits with
   * their outcome. Without it, `status` and `body` are the reply.
   */
  reply?(stored: InboundEvent[]): { status: number; body: unknown };
}

/**
 * Where socket and poll receivers hand their events (the inbox, through the engine). Resolves with
 * the new events as stored (duplicates left out; form submits with their outcome), so a socket
 * can put an app's answer in its acknowledgement.
 */
export type InboundSink = (events: VerifiedEvent[]) => Promise<InboundEvent[]>;

export interface WebhookReceiver {
  mode: 'webhook';
  /** Must check signatures over the raw bytes. */
  handle(request: InboundRequest): WebhookAnswer | Promise<WebhookAnswer>;
  /** Told about each new (not duplicate) inbound event once it is in the inbox. */
  received?(event: InboundEvent): Promise<void>;
}

/** A receiver the daemon starts and stops (a socket it keeps open, or a poll loop). */
export interface LoopReceiver {
  mode: 'socket' | 'poll';
  start(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
  received?(event: InboundEvent): Promise<void>;
}

export type Receiver = WebhookReceiver | LoopReceiver;

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

/** The parts a connection provides; which are present follows its declared capabilities. */
export interface ConnectorParts<Native, Client> {
  /** Capability `send`. Throws DeliveryError to ask for a retry (or not). */
  send?(destination: string, payload: OutboundPayload<Native>, meta: SendMeta): Promise<void>;
  /** Capability `receive`. */
  receive?: Receiver;
  /** A typed client for non-message APIs, reached by apps through ctx.connector(name). */
  client?: Client;
  /** Capability `auth`. */
  auth?: ConnectorAuth;
  /**
   * Runs once the gateway listens and delivery has started (and again after a reload that rebuilt
   * the connection): registers webhooks and the like. A failure is logged; the connection still sends.
   */
  setup?(): Promise<void>;
  close?(): Promise<void>;
}

/** One live connection, as the engine uses it. */
export interface Connector extends ConnectorParts<unknown, unknown> {
  readonly name: string;
  readonly type: string;
  /** Sends per minute by default; config `rateLimit` overrides. */
  readonly defaultRateLimit: number;
  readonly capabilities: ConnectionCapabilities;
}

/** A connection type as the registry, config load and the daemon see it (see defineConnector). */
export interface ConnectorType {
  readonly type: string;
  /** Validates the connection's block in opsbot.yaml (beyond type and rateLimit). */
  readonly options: z.ZodType;
  /** Parses a block once: config load calls this, and create() reuses the result. */
  parse(block: Record<string, unknown>): z.ZodSafeParseResult<Record<string, unknown>>;
  /** What a connection with this (parsed) block can do. */
  capabilities(block: Record<string, unknown>): ConnectionCapabilities;
  create(ctx: OpenContext): Connector;
}

/** What the daemon (or a test) gives create(); state and redactor default to the connection's own. */
export type OpenContext = Omit<ConnectorContext<Record<string, unknown>>, 'state' | 'redactor'> &
  Partial<Pick<ConnectorContext<Record<string, unknown>>, 'state' | 'redactor'>>;
