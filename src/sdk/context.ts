import type { PortableMessage } from '../contracts/message.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { AppDatabase } from '../platform/store/app-database.ts';
import { ConversationManager } from './conversation/manager.ts';
import { databaseOf } from './db.ts';
import type {
  AppContext,
  AppStore,
  CalendarApi,
  CommandInvocation,
  ConnectionInfo,
  IncomingEvent,
  IncomingMessage,
  NotifyResult,
  RouteHandler,
} from './types.ts';

/**
 * What an app context needs from whoever hosts it. The daemon's app host implements it over IPC;
 * the testing kit implements it in memory. Apps never see this.
 */
export interface HostServices {
  store: AppStore;
  calendar: CalendarApi;
  enqueue(target: string, kind: 'portable' | 'native', payload: unknown): Promise<NotifyResult>;
  /** `method` is a dotted path for namespaced clients: 'calendar.listEvents'. */
  connectorCall(connection: string, method: string, args: unknown[]): Promise<unknown>;
  connections(type?: string): Promise<ConnectionInfo[]>;
}

export interface Route {
  method: string;
  path: string;
  handler: RouteHandler;
}

/** Handlers an app registered during start(); the host dispatches events and requests with them. */
export interface Registrations {
  messages: Array<(message: IncomingMessage) => Promise<void> | void>;
  commands: Map<string, (command: CommandInvocation) => Promise<void> | void>;
  /** Event type (or '*') → handlers. */
  events: Map<string, Array<(event: IncomingEvent) => Promise<void> | void>>;
  routes: Route[];
  /** Open dialogs; the host delivers events through them (see ConversationManager.deliver). */
  conversations: ConversationManager;
}

/**
 * A callable proxy whose property reads extend the method path, so `client.calendar.listEvents(x)`
 * calls `connectorCall(name, 'calendar.listEvents', [x])`. `then` stays undefined so awaiting a
 * namespace does not look like a promise.
 */
function clientProxy(call: (path: string, args: unknown[]) => Promise<unknown>, path: string): unknown {
  return new Proxy(() => undefined, {
    get: (_t, key) =>
      typeof key === 'string' && key !== 'then'
        ? clientProxy(call, path ? `${path}.${key}` : key)
        : undefined,
    apply: (_t, _this, args: unknown[]) => call(path, args),
  });
}

export function toPortable(message: string | PortableMessage): PortableMessage {
  return typeof message === 'string' ? { text: message } : message;
}

export function createContext<O>(input: {
  app: string;
  options: O;
  log: Logger;
  clock: Clock;
  signal: AbortSignal;
  services: HostServices;
  /** For the testing kit; in the daemon a dry run gets its own context per run. */
  dryRun?: boolean;
  /** The app's own database, when it declares migrations; read when ctx.db is. */
  database?: () => AppDatabase | undefined;
  /** The app opened its first conversation (it now needs every chat message). */
  onFirstConversation?: () => void;
}): { ctx: AppContext<O>; registrations: Registrations } {
  const { services } = input;
  const conversations = new ConversationManager({
    store: services.store,
    clock: input.clock,
    log: input.log,
    send: (target, message) => services.enqueue(target, 'portable', message),
    ...(input.onFirstConversation ? { onFirstUse: input.onFirstConversation } : {}),
  });
  const registrations: Registrations = {
    messages: [],
    commands: new Map(),
    events: new Map(),
    routes: [],
    conversations,
  };
  const ctx: AppContext<O> = {
    app: input.app,
    options: input.options,
    log: input.log,
    store: services.store,
    clock: input.clock,
    calendar: services.calendar,
    signal: input.signal,
    dryRun: input.dryRun ?? false,
    notify: (target, message) => services.enqueue(target, 'portable', toPortable(message)),
    send: (target, payload) => services.enqueue(target, 'native', payload),
    connector<T>(name: string): T {
      // A proxy so a later connector's methods work without the host knowing them in advance.
      return clientProxy((method, args) => services.connectorCall(name, method, args), '') as T;
    },
    connections: (type) => services.connections(type),
    onEvent(type, handler) {
      for (const t of Array.isArray(type) ? type : [type]) {
        const list = registrations.events.get(t) ?? [];
        list.push(handler);
        registrations.events.set(t, list);
      }
    },
    onMessage(handler) {
      registrations.messages.push(handler);
    },
    onCommand(name, handler) {
      registrations.commands.set(name.replace(/^\//, '').toLowerCase(), handler);
    },
    route(method, path, handler) {
      registrations.routes.push({
        method: method.toUpperCase(),
        path: path.startsWith('/') ? path : `/${path}`,
        handler,
      });
    },
    get db() {
      return databaseOf(input.app, input.database?.());
    },
    conversation: (to, options) => conversations.open(to, options),
  };
  return { ctx, registrations };
}
