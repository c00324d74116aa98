import type { z } from 'zod';
import type { CalendarApi } from '../contracts/calendar.ts';
import type { HttpRequest, HttpResponse } from '../contracts/http.ts';
import type { PortableMessage } from '../contracts/message.ts';
import type { ScheduleSpec } from '../contracts/schedule.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';

export type * from '../contracts/calendar.ts';
export type * from '../contracts/http.ts';
export type * from '../contracts/schedule.ts';
export type { Clock, Logger, PortableMessage };

/** Per-app key-value state, kept in the store as JSON. */
export interface AppStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(prefix?: string): Promise<Array<{ key: string; value: unknown }>>;
}

/** A chat message or other inbound event routed to this app. */
export interface IncomingMessage {
  id: string;
  connection: string;
  type: string;
  /** Full target to answer to, e.g. "sandbox/channel/general". */
  replyTo: string;
  user: string;
  text: string;
  /** Postback data, for `postback` events. */
  data?: string;
  /** Users who joined or left, for `joined` / `left` events. */
  members?: string[];
  receivedAt: number;
  /** The connector's own event body, as received (e.g. the NAVER WORKS callback JSON). */
  raw?: unknown;
  /** Sends a message back where this one came from (through the outbox). */
  reply(message: string | PortableMessage): Promise<void>;
}

/** Any inbound event (message, postback, begin, join, leave, joined, left, …), with the same reply helper. */
export type IncomingEvent = IncomingMessage;

/** A connection of the running config, as apps see it: the name and type only, never its settings. */
export interface ConnectionInfo {
  name: string;
  type: string;
}

export interface CommandInvocation extends IncomingMessage {
  command: string;
  /** Words after the command, split on whitespace. */
  args: string[];
}

export type RouteHandler = (req: HttpRequest) => Promise<HttpResponse | undefined> | HttpResponse | undefined;

export interface NotifyResult {
  /** One outbox id per concrete destination the target fanned out to. */
  ids: string[];
}

export interface AppContext<Options = Record<string, unknown>> {
  /** The app's name in opsbot.yaml. */
  readonly app: string;
  readonly options: Options;
  readonly log: Logger;
  readonly store: AppStore;
  readonly clock: Clock;
  readonly calendar: CalendarApi;
  /** Aborted when the app is being stopped; pass it to fetch and timers. */
  readonly signal: AbortSignal;
  /** True in a run started with `opsbot run APP --dry-run`: show what would change, change nothing. */
  readonly dryRun: boolean;
  /** Queues a portable message for a named target or "<connection>/<kind>/<id>" (durable outbox). */
  notify(target: string, message: string | PortableMessage): Promise<NotifyResult>;
  /** Queues a connector-native payload (e.g. a NAVER WORKS flex body) for a target. */
  send(target: string, payload: unknown): Promise<NotifyResult>;
  /**
   * The typed client of a connection, for APIs that are not messages (calendar, directory, drive).
   * Namespaces nest: `ctx.connector<NaverworksClient>('works').calendar.listEvents({...})`.
   */
  connector<T = ConnectorClientProxy>(name: string): T;
  /** The configured connections, optionally of one type ('naverworks'). */
  connections(type?: string): Promise<ConnectionInfo[]>;
  /** Chat messages (type `message`). Commands registered with onCommand take precedence. */
  onMessage(handler: (message: IncomingMessage) => Promise<void> | void): void;
  /** Other inbound events by type ('postback', 'join', …) or '*' for every event, messages included. */
  onEvent(type: string | string[], handler: (event: IncomingEvent) => Promise<void> | void): void;
  /** Messages whose first word is `/name` or `name`. */
  onCommand(name: string, handler: (command: CommandInvocation) => Promise<void> | void): void;
  /** Serves method + path under /apps/<app>/. Path may end in '*'. */
  route(method: string, path: string, handler: RouteHandler): void;
}

/** What `ctx.connector(name)` returns when no client type is given: any method path, called over IPC. */
export interface ConnectorClientProxy {
  // biome-ignore lint/suspicious/noExplicitAny: untyped access to a connector's methods and namespaces
  [key: string]: any;
}

export interface AppDefinition<S extends z.ZodType = z.ZodType> {
  /** Options schema for `with:` in opsbot.yaml. */
  options?: S;
  /** Default schedule; opsbot.yaml `schedule:` overrides it. */
  schedule?: ScheduleSpec;
  description?: string;
  /** One execution, fired by the schedule or `opsbot run`. Throw to fail the run. */
  run?(ctx: AppContext<z.output<S>>): Promise<void> | void;
  /** Long-lived setup: listeners, routes, servers. Resolve once ready. */
  start?(ctx: AppContext<z.output<S>>): Promise<void> | void;
  /** Called on stop before the process exits; ctx.signal is already aborted. */
  stop?(ctx: AppContext<z.output<S>>): Promise<void> | void;
  /** Named jobs beside run(), started with `opsbot do APP NAME [--set key=value…]`. */
  actions?: Record<string, AppAction<z.output<S>>>;
}

/**
 * One action: `args` are the `--set` pairs (values read as YAML). What it returns (JSON-able) is
 * printed by `opsbot do`; a throw fails the command.
 */
export type AppAction<Options = Record<string, unknown>> = {
  // Method syntax keeps the context parameter bivariant, like run(): a DefinedApp<S> stays a DefinedApp.
  action(ctx: AppContext<Options>, args: Record<string, unknown>): Promise<unknown> | unknown;
}['action'];

export const APP_MARK = Symbol.for('opsbot.app');

export type DefinedApp<S extends z.ZodType = z.ZodType> = AppDefinition<S> & { readonly [APP_MARK]: true };
