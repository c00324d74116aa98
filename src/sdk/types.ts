import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { CalendarApi } from '../contracts/calendar.ts';
import type { HolidayAddArgs, HolidayDiffArgs, HolidayDiffReport } from '../contracts/daemon-api/holidays.ts';
import type { HttpRequest, HttpResponse } from '../contracts/http.ts';
import type { PortableMessage } from '../contracts/message.ts';
import type { ScheduleSpec } from '../contracts/schedule.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { AppMigrations } from '../platform/store/app-database.ts';
import type { Conversation, ConversationOptions, ConversationTarget } from './conversation/conversation.ts';
import type { FormAnswers, FormFieldSpec, FormHandler, FormSpec } from './forms.ts';

export type * from '../contracts/calendar.ts';
export type {
  HolidayAddArgs,
  HolidayDiff,
  HolidayDiffArgs,
  HolidayDiffReport,
} from '../contracts/daemon-api/holidays.ts';
export type * from '../contracts/forms.ts';
export type * from '../contracts/http.ts';
export type * from '../contracts/schedule.ts';
export type {
  AskOptions,
  ConfirmOptions,
  Conversation,
  ConversationOptions,
  ConversationTarget,
} from './conversation/conversation.ts';
export type * from './forms.ts';
export type { AppMigrations, Clock, Logger, PortableMessage };

/** Per-app key-value state, kept in the store as JSON. */
export interface AppStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(prefix?: string): Promise<Array<{ key: string; value: unknown }>>;
  /**
   * Many sets and deletes in one call and one transaction: all apply or none. Rejects (writing
   * nothing) when a value is undefined or a key is both set and deleted.
   */
  write(changes: StateChanges): Promise<void>;
}

/** Changes to the app's key-value state made together (AppStore.write, AppContext.notifyMany). */
export interface StateChanges {
  /** Keys to set; the last value wins when a key comes twice. */
  set?: Array<{ key: string; value: unknown }>;
  /** Keys to delete (missing ones are fine). A key must not also be in `set`. */
  delete?: string[];
}

/** One message of AppContext.notifyMany. */
export interface OutgoingMessage {
  /** A named target or "<connection>/<kind>/<id>", as for notify(). */
  target: string;
  message: string | PortableMessage;
}

export interface NotifyManyResult {
  /** The outbox ids of every stored message, in the order of the messages (fan-outs in a row). */
  ids: string[];
  /** Messages not stored, by their index: an unknown target, an invalid message. */
  failed: Array<{ index: number; error: string }>;
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
  /** Files attached to the message, as `ctx.connector(message.connection).download(url)` fetches them (Webex). */
  files?: string[];
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

/** The configured holiday providers and the curated calendar (what `opsbot holiday diff|add` do). */
export interface HolidaysApi {
  /**
   * What the providers (holidayProviders: in opsbot.yaml) say about [from, to] that the calendar
   * does not, and the other way round, per exchange a provider covers; `exchanges: null` when no
   * provider is configured.
   */
  diff(range: HolidayDiffArgs): Promise<{ exchanges: HolidayDiffReport['exchanges'] | null }>;
  /** Adds a curated closure (as `opsbot holiday add`); `source` names who suggested it. */
  add(closure: HolidayAddArgs): Promise<{ replaced: boolean }>;
}

// biome-ignore lint/suspicious/noExplicitAny: untyped by default; an app names its tables with AppContext<O, MyTables> or a cast
export interface AppContext<Options = Record<string, unknown>, DB = any> {
  /** The app's name in opsbot.yaml. */
  readonly app: string;
  readonly options: Options;
  readonly log: Logger;
  readonly store: AppStore;
  readonly clock: Clock;
  readonly calendar: CalendarApi;
  /** Holiday providers' suggestions and curated closures. */
  readonly holidays: HolidaysApi;
  /** Aborted when the app is being stopped; pass it to fetch and timers. */
  readonly signal: AbortSignal;
  /** True in a run started with `opsbot run APP --dry-run`: show what would change, change nothing. */
  readonly dryRun: boolean;
  /**
   * The scheduled instant this run belongs to (a schedule's occurrence, or the one catch-up run after
   * downtime), the same on whichever node runs it; null for `opsbot run`, actions, events and start().
   */
  readonly occurrence: Date | null;
  /**
   * A folder of the app's own for files it keeps (uploads, exports): `<dataDir>/apps/<app>`, which
   * the app creates when it first writes there. In `opsbot/testing`, a temporary folder.
   */
  readonly dataDir: string;
  /** Queues a portable message for a named target or "<connection>/<kind>/<id>" (durable outbox). */
  notify(target: string, message: string | PortableMessage): Promise<NotifyResult>;
  /**
   * Queues many messages and applies state changes in ONE transaction (and one round trip to the
   * daemon): either the stored messages and every state change are durable, or nothing is. A message
   * whose target or content is invalid is left out and reported in `failed`; the rest still go.
   * Messages are queued (and claimed for delivery) in the order given. Use it to hand work to the outbox
   * and mark it done in the same step, so a crash can neither lose nor repeat it.
   */
  notifyMany(messages: OutgoingMessage[], state?: StateChanges): Promise<NotifyManyResult>;
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
  /**
   * The app's own database (SQLite file, or its own Postgres schema), migrated before start()/run().
   * Only for apps that declare `migrations`; otherwise reading it throws APP_DB.
   */
  readonly db: Kysely<DB>;
  /**
   * A dialog with the person who sent `to` (or any { replyTo, user }): ask, validate, confirm,
   * cancel words, a time limit per question. Their messages in that room go to the waiting
   * question instead of onMessage/onCommand.
   */
  conversation(to: ConversationTarget, options?: ConversationOptions): Conversation;
  /**
   * Asks a person for structured input: a native form where the messenger has one, else a button to
   * a signed single-use page. `to` is the message/command to answer (same room) or a target string.
   * Resolves with the answers once they pass `validate`; rejects when the form expires unanswered.
   * The promise lives in this process only: use a `key` and `onForm` to survive a restart.
   */
  form<const Fs extends readonly FormFieldSpec[]>(
    to: string | IncomingMessage,
    form: FormSpec<Fs>,
  ): Promise<FormAnswers<Fs>>;
  /**
   * Receives the answers of forms with this key — also those submitted while the app was restarting,
   * delivered once it is up again. Pass the form spec itself to have its `validate` run as well.
   */
  onForm<const Fs extends readonly FormFieldSpec[]>(
    form: string | FormSpec<Fs>,
    handler: FormHandler<Fs>,
  ): void;
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
  /**
   * The app honours `ctx.dryRun`: a dry run shows what it would change and changes nothing outside
   * opsbot. Without it `opsbot run APP --dry-run` is refused (exit 2), so a dry run never does real work.
   */
  dryRun?: boolean;
  /**
   * Cluster mode: the app runs on one node at a time, under a lease; the other nodes keep it in
   * `standby` and take over when the holder dies. Default: true when the app has a start() (a
   * listener or a socket must exist once), false otherwise. opsbot.yaml `singleton:` overrides it.
   */
  singleton?: boolean;
  /**
   * The app's database schema, as migrations applied in name order (as text: '001', '002'), each
   * once, before start() and run(). Declaring them (even `{}`) gives the app `ctx.db`.
   */
  migrations?: AppMigrations;
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
