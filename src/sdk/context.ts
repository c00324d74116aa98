import { randomUUID } from 'node:crypto';
import { BATCH_TARGET } from '../contracts/daemon-api/batch-target.ts';
import type { FormOpenRequest, PortableForm } from '../contracts/forms.ts';
import type { PortableMessage } from '../contracts/message.ts';
import type { Clock } from '../platform/clock.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { AppDatabase } from '../platform/store/app-database.ts';
import { ConversationManager } from './conversation/manager.ts';
import { databaseOf } from './db.ts';
import type { FormHandler, FormRegistrations, FormSpec } from './forms.ts';
import type {
  AppContext,
  AppStore,
  CalendarApi,
  CommandInvocation,
  ConnectionInfo,
  HolidaysApi,
  IncomingEvent,
  IncomingMessage,
  NotifyManyResult,
  NotifyResult,
  RouteHandler,
  StateChanges,
} from './types.ts';

/**
 * What an app context needs from whoever hosts it. The daemon's app host implements it over IPC;
 * the testing kit implements it in memory. Apps never see this.
 */
export interface HostServices {
  /** `write` is built on `enqueue` (kind 'batch') when the host has none of its own. */
  store: Omit<AppStore, 'write'> & Partial<Pick<AppStore, 'write'>>;
  calendar: CalendarApi;
  /** Absent in hosts without calendar config: ctx.holidays then throws when used. */
  holidays?: HolidaysApi;
  /**
   * Kind 'batch' takes [BATCH_TARGET, 'batch', EnqueueBatch] (contracts/daemon-api/app.ts): many
   * messages plus state changes in one transaction, answered with `failed` as well.
   */
  enqueue(
    target: string,
    kind: 'portable' | 'native' | 'batch',
    payload: unknown,
  ): Promise<NotifyResult & { failed?: NotifyManyResult['failed'] }>;
  /** `method` is a dotted path for namespaced clients: 'calendar.listEvents'. */
  connectorCall(connection: string, method: string, args: unknown[]): Promise<unknown>;
  connections(type?: string): Promise<ConnectionInfo[]>;
  /** Registers and sends a form; resolves once it is queued, with its expiry. */
  openForm(request: FormOpenRequest & { user?: string }): Promise<{ formId: string; expiresAt: number }>;
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
  forms: FormRegistrations;
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

const unavailable = async (): Promise<never> => {
  throw new OpsbotError('HOLIDAY', 'ctx.holidays is not available in this host');
};
const noHolidays: HolidaysApi = { diff: unavailable, add: unavailable };

export function toPortable(message: string | PortableMessage): PortableMessage {
  return typeof message === 'string' ? { text: message } : message;
}

/** ctx.notifyMany and ctx.store.write: one 'batch' enqueue, so any host that passes enqueue on carries them. */
async function enqueueBatch(
  services: HostServices,
  messages: Array<{ target: string; message: string | PortableMessage }>,
  state: StateChanges,
): Promise<NotifyManyResult> {
  const batch = {
    messages: messages.map((m) => ({ target: m.target, kind: 'portable', payload: toPortable(m.message) })),
    ...(state.set ? { set: state.set } : {}),
    ...(state.delete ? { delete: state.delete } : {}),
  };
  const result = await services.enqueue(BATCH_TARGET, 'batch', batch);
  return { ids: result.ids, failed: result.failed ?? [] };
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
  /** For the testing kit; in the daemon each scheduled run gets its own context. */
  occurrence?: Date | null;
  /** The app's own folder (AppContext.dataDir). */
  dataDir: string;
  /** The app's own database, when it declares migrations; read when ctx.db is. */
  database?: () => AppDatabase | undefined;
  /** The app opened its first conversation (it now needs every chat message). */
  onFirstConversation?: () => void;
}): { ctx: AppContext<O>; registrations: Registrations } {
  const { services } = input;
  const store: AppStore = {
    get: (key) => services.store.get(key),
    set: (key, value) => services.store.set(key, value),
    delete: (key) => services.store.delete(key),
    list: (prefix) => services.store.list(prefix),
    write: (changes) =>
      services.store.write
        ? services.store.write(changes)
        : enqueueBatch(services, [], changes).then(() => undefined),
  };
  const conversations = new ConversationManager({
    store,
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
    forms: { waiting: new Map(), handlers: new Map() },
  };
  const ctx: AppContext<O> = {
    app: input.app,
    options: input.options,
    log: input.log,
    store,
    clock: input.clock,
    calendar: services.calendar,
    holidays: services.holidays ?? noHolidays,
    signal: input.signal,
    dryRun: input.dryRun ?? false,
    occurrence: input.occurrence ?? null,
    dataDir: input.dataDir,
    notify: (target, message) => services.enqueue(target, 'portable', toPortable(message)),
    send: (target, payload) => services.enqueue(target, 'native', payload),
    notifyMany: (messages, state = {}) => enqueueBatch(services, messages, state),
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
    form: (to, spec) => openForm(input, registrations, to, spec as FormSpec) as never,
    onForm(form, handler) {
      const key = typeof form === 'string' ? form : form.key;
      if (!key) throw new OpsbotError('FORM', 'ctx.onForm needs a key: pass the key or a form with `key`');
      const validate = typeof form === 'string' ? undefined : (form.validate as never);
      registrations.forms.handlers.set(key, { validate, handler: handler as FormHandler });
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

/** The portable part of a spec (what crosses IPC and is stored); app-side options stay here. */
function portableOf(spec: FormSpec): PortableForm {
  return {
    title: spec.title,
    ...(spec.text === undefined ? {} : { text: spec.text }),
    ...(spec.submitLabel === undefined ? {} : { submitLabel: spec.submitLabel }),
    fields: spec.fields.map((f) => ({
      ...f,
      ...(f.choices ? { choices: [...f.choices] } : {}),
      ...(Array.isArray(f.default) ? { default: [...f.default] } : {}),
    })) as PortableForm['fields'],
  };
}

function openForm(
  input: { clock: Clock; log: Logger; services: HostServices },
  registrations: Registrations,
  to: string | IncomingMessage,
  spec: FormSpec,
): Promise<unknown> {
  // The id is ours, so the waiter exists before the form can possibly be answered.
  const formId = randomUUID();
  const { waiting } = registrations.forms;
  const answer = new Promise<unknown>((resolve, reject) => {
    waiting.set(formId, { validate: spec.validate as never, resolve, reject, cancel: () => {} });
  });
  // A form sent without awaiting it (answers go to ctx.onForm) must not crash the app when it expires.
  answer.catch(() => {});
  const target = typeof to === 'string' ? to : to.replyTo;
  const request: FormOpenRequest & { user?: string } = {
    formId,
    target,
    form: portableOf(spec),
    ...(spec.key ? { key: spec.key } : {}),
    ...(spec.ttl ? { ttlMs: spec.ttl } : {}),
    ...(spec.page ? { page: true } : {}),
    ...(typeof to === 'string' ? {} : { user: to.user }),
  };
  input.services.openForm(request).then(
    ({ expiresAt }) => {
      const waiter = waiting.get(formId);
      if (!waiter) return;
      waiter.cancel = input.clock.setTimer(
        () => {
          waiting.delete(formId);
          waiter.reject(new OpsbotError('FORM_EXPIRED', `form "${spec.title}" expired unanswered`));
        },
        Math.max(0, expiresAt - input.clock.now()),
      );
    },
    (err: Error) => {
      input.log.error({ err, target }, 'could not send a form');
      waiting.get(formId)?.reject(err);
      waiting.delete(formId);
    },
  );
  return answer;
}
