import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Connector, InboundEvent, VerifiedEvent } from '../../connectors/types.ts';
import type { Actor } from '../../contracts/console.ts';
import type { HttpRequest, HttpResponse } from '../../contracts/http.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import type { FormService } from '../forms/service.ts';
import type { Metrics } from '../metrics.ts';

/** An inbound event that is now in the inbox (never a duplicate), as handed to the router. */
export type StoredInboundEvent = InboundEvent & { inboxId: number };

/** The event as connectors see it again, without the inbox's row id. */
export function withoutInboxId({ inboxId: _, ...event }: StoredInboundEvent): InboundEvent {
  return event;
}

/** Who makes a console or /api/v1 request, or why they may not. */
export type AuthResult =
  | { ok: true; actor: Actor }
  | { ok: false; status: 401 | 403 | 429 | 503; error: string; retryAfterSeconds?: number };

/** Console logins, sessions, CSRF and API tokens (engine/console). */
export interface ConsoleAuth {
  /** Registers POST /console/login, POST /console/logout and GET /console/session. */
  register(app: FastifyInstance): void;
  /**
   * Who makes this request, in order: the loopback/`console.public` gate, the first-admin gate,
   * then a bearer token (`Authorization: Bearer obt_…`, via api), the SSO proxy header (via proxy)
   * or the session cookie (via console; a change also needs the session's X-CSRF-Token).
   */
  authenticate(req: FastifyRequest): Promise<AuthResult>;
}

/** Calls a daemon API method as `actor`. The daemon checks the actor's role and writes the audit log. */
export type ApiCall = (method: string, args: unknown, actor: Actor) => Promise<unknown>;

export interface GatewayOptions {
  /** Interface to bind (config http.host). */
  host: string;
  /** Port to bind (config http.port); 0 picks a free one. */
  port: number;
  /** Largest request body in bytes; larger ones get 413, with or without content-length. */
  bodyLimit: number;
  store: Store;
  /** Connection name → connector. Read on every request, so the caller may update it on reload. */
  connectors: ReadonlyMap<string, Connector>;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  /** Routes a new inbound event to apps. Called after the HTTP reply is sent, once per new event. */
  onInbound(event: StoredInboundEvent): void;
  /** Answers /apps/<app>/…; null means the app has no such route (404). */
  appRoute(app: string, req: HttpRequest): Promise<HttpResponse | null>;
  /** GET /healthz: 200 when ok, 503 otherwise; the whole object is the body. */
  health(): { ok: boolean; cause?: string; [key: string]: unknown };
  /** An inbound event could not be stored (disk full, database down): /healthz should say so now. */
  storeFailed?(err: unknown): void;
  /** Refreshes gauges (e.g. outbox depth) right before GET /metrics renders them. */
  beforeMetrics?(): Promise<void>;
  /** Portable forms: serves /forms/<token> and the sandbox page's form submits. */
  forms?: FormService;
  /** Serve /sandbox (the web chat page and its API). Default: only when `host` is a loopback address. */
  sandbox?: boolean;
  /** The config's timezone: the sandbox page shows message times in it. Default UTC. */
  timezone?: () => string;
  /**
   * The per-daemon token that opens /sandbox/api/* when a sandbox connection has a secret (the page
   * carries it as ?token=…). Without one, only signed calls pass there.
   */
  sandboxToken?: string;
  /** The daemon API for /console and /api/v1; both are served only with `consoleAuth` too. */
  api?: ApiCall;
  consoleAuth?: ConsoleAuth;
}

export interface Gateway {
  /** Binds host:port. Rejects with OpsbotError PORT_IN_USE when the port is taken. */
  listen(): Promise<{ url: string }>;
  /** Ends live streams, stops accepting connections and waits for in-flight requests. */
  close(): Promise<void>;
  /** Events from a socket or poll receiver: stored in the inbox like a webhook's, then routed; resolves with the new ones. */
  receive(connector: Connector, events: VerifiedEvent[]): Promise<InboundEvent[]>;
}
