/**
 * opsbot/testing: run an app in-process with a fake clock, an in-memory store and captured
 * notifications. Same context and dispatch code as the daemon's app host.
 */

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clientMethod } from '../../contracts/client-path.ts';
import type { EnqueueBatch } from '../../contracts/daemon-api/app.ts';
import { formProblem } from '../../contracts/daemon-api/forms.ts';
import type { HolidayAddArgs } from '../../contracts/daemon-api/holidays.ts';
import type { FormErrors, FormOpenRequest, FormValues } from '../../contracts/forms.ts';
import type { PortableMessage } from '../../contracts/message.ts';
import { createCalendarApi } from '../../engine/calendars/calendar-api.ts';
import { ExchangeCalendars } from '../../engine/calendars/exchange-calendars.ts';
import type { CustomExchangeConfig } from '../../engine/calendars/exchanges/types.ts';
import { MemoryHolidays } from '../../engine/calendars/memory-holidays.ts';
import { CalendarRegistry } from '../../engine/calendars/registry.ts';
import { exchangeRules } from '../../engine/calendars/rules-for.ts';
import { FakeClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import { createContext, type HostServices, type Registrations } from '../context.ts';
import { dispatchMessage, dispatchRequest } from '../dispatch.ts';
import { submitForm, validateForm } from '../forms.ts';
import type {
  AppContext,
  AppStore,
  CalendarApi,
  ConnectionInfo,
  DefinedApp,
  HolidaysApi,
  HttpResponse,
} from '../types.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

export { FakeClock };

export interface Captured {
  target: string;
  kind: 'portable' | 'native';
  /** A PortableMessage for notify(), the raw payload for send(). */
  message: PortableMessage | unknown;
}

export interface TestAppOptions {
  /** The app's `with:` options (validated by the app's schema, like the daemon does). */
  options?: unknown;
  /** Start time of the fake clock (default 2026-01-05T00:00:00Z, a Monday). */
  now?: number | Date | string;
  app?: string;
  /**
   * Extra closures on top of the real exchange calendars (XKRX, XNYS, …), e.g.
   * { 'holidays:XKRX': ['2026-01-02'] } or { XKRX: [...] }.
   */
  closed?: Record<string, string[]>;
  /** Exchanges beyond the built-in ones, as in opsbot.yaml's `exchanges:`. */
  exchanges?: Record<string, CustomExchangeConfig>;
  /** The config timezone, for calendars that belong to no exchange ('weekends'). Default UTC. */
  timezone?: string;
  /** ctx.dataDir (default: a fresh folder name under the system's temp folder, created by the app). */
  dataDir?: string;
  /** Answers for ctx.connector(name).method(...) calls; namespaces nest ({ calendar: { listEvents } }). */
  connectors?: Record<string, Record<string, unknown>>;
  /** What ctx.connections() lists (default: each key of `connectors`, type 'test'). */
  connections?: ConnectionInfo[];
  /** Runs see ctx.dryRun = true, as with `opsbot run APP --dry-run`. */
  dryRun?: boolean;
  /** ctx.occurrence: the scheduled instant a run stands for (default null, as with `opsbot run`). */
  occurrence?: Date;
  /** Replaces methods of the calendar (real exchange calendars plus `closed`), e.g. `closures`. */
  calendar?: Partial<CalendarApi>;
  /**
   * ctx.holidays: `diff` answers `{ exchanges: null }` (no provider configured) unless given;
   * `add` records each closure in `TestApp.holidaysAdded` unless given.
   */
  holidays?: Partial<HolidaysApi>;
  /**
   * For apps with migrations: a throw-away database behind ctx.db, a temp SQLite file (default) or
   * a fresh schema in OPSBOT_TEST_PG (default postgres://postgres@127.0.0.1:5432/test). stop()
   * removes it.
   */
  db?: 'sqlite' | 'postgres';
  /**
   * The key-value state to start from, e.g. another TestApp's `state` to play an app restart
   * (start() then ends the conversations the "previous process" left waiting, as the daemon does).
   */
  state?: Map<string, unknown>;
}

export interface TestApp<O> {
  ctx: AppContext<O>;
  clock: FakeClock;
  /** Everything the app notified or sent, in order. */
  sent: Captured[];
  /** The in-memory key-value state. */
  state: Map<string, unknown>;
  /** Closures the app added with ctx.holidays.add (unless `holidays.add` was given). */
  holidaysAdded: HolidayAddArgs[];
  /** Opens the test database and applies the migrations; start() and run() do it first anyway. */
  migrate(): Promise<void>;
  /** Forms the app opened, in order (the portable form, its target, key and the person asked). */
  forms: Array<FormOpenRequest & { user?: string }>;
  /**
   * Answers a form as a person would (the last one opened unless `formId` is given): the app's
   * validate runs first; its errors come back (and nothing is delivered) when there are any.
   */
  answerForm(
    values: FormValues,
    opts?: { formId?: string; user?: string },
  ): Promise<{ errors: FormErrors | null; replies: Captured[] }>;
  start(): Promise<void>;
  run(): Promise<void>;
  /** Runs one of the app's actions, as `opsbot do APP NAME --set …` would; resolves with its result. */
  action(name: string, args?: Record<string, unknown>): Promise<unknown>;
  /**
   * Delivers a chat message as if a person typed it; returns what the app replied. While the app
   * asks this person something (ctx.conversation), the message is the answer, and this returns
   * once the next question is asked or the dialog is over.
   */
  message(text: string, from?: { user?: string; replyTo?: string; files?: string[] }): Promise<Captured[]>;
  /** Delivers any inbound event ('postback', 'join', …); returns what the app replied. */
  event(
    type: string,
    fields?: {
      user?: string;
      replyTo?: string;
      text?: string;
      data?: string;
      members?: string[];
      files?: string[];
      raw?: unknown;
    },
  ): Promise<Captured[]>;
  /** Calls one of the app's routes (as /apps/<app><path> would); null when no route matches. */
  request(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string> },
  ): Promise<HttpResponse | null>;
  stop(): Promise<void>;
}

/** ctx.notifyMany in memory: state changes first (they may throw, then nothing is captured), then every message. */
async function enqueueBatch(store: AppStore, sent: Captured[], batch: EnqueueBatch) {
  await store.write({
    ...(batch.set ? { set: batch.set } : {}),
    ...(batch.delete ? { delete: batch.delete } : {}),
  });
  const ids: string[] = [];
  for (const m of batch.messages) {
    sent.push({ target: m.target, kind: m.kind, message: m.payload });
    ids.push(`test-${sent.length}`);
  }
  return { ids, failed: [] };
}

function memoryStore(state: Map<string, unknown>): AppStore {
  const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  return {
    get: async <T>(key: string) => copy(state.get(key)) as T | undefined,
    set: async (key, value) => void state.set(key, copy(value)),
    delete: async (key) => state.delete(key),
    write: async (changes) => {
      // Checked first, as the daemon's store does: a bad write changes nothing.
      const deletes = new Set(changes.delete ?? []);
      for (const { key, value } of changes.set ?? []) {
        if (value === undefined) throw new Error(`state "${key}": cannot store undefined (use delete)`);
        if (deletes.has(key)) throw new Error(`state "${key}": both set and deleted in one write`);
      }
      for (const { key, value } of changes.set ?? []) state.set(key, copy(value));
      for (const key of deletes) state.delete(key);
    },
    list: async (prefix = '') =>
      [...state.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({ key, value: copy(value) })),
  };
}

/** The daemon's own calendar code over the built-in rules, with `closed` as curated closures. */
function testCalendar(input: TestAppOptions, clock: FakeClock): CalendarApi {
  const holidays = new MemoryHolidays();
  for (const [calendar, dates] of Object.entries(input.closed ?? {})) {
    const exchange = calendar.replace(/^holidays:/, '').toUpperCase();
    for (const date of dates) {
      void holidays.put({ exchange, date, kind: 'closed', name: 'holiday', source: 'test', updatedAt: 0 });
    }
  }
  const exchanges = new ExchangeCalendars({ rules: exchangeRules(input.exchanges ?? {}), store: holidays });
  const registry = new CalendarRegistry({ log: silentLogger() });
  registry.register(exchanges);
  return createCalendarApi({ exchanges, registry, clock, timezone: () => input.timezone ?? 'UTC' });
}

/** As the daemon refuses `opsbot run APP --dry-run` for an app that did not declare `dryRun: true`. */
const dryRunRefusal = (app: string) => `${app} does not support --dry-run`;

export function createTestApp<O>(app: DefinedApp, input: TestAppOptions = {}): TestApp<O> {
  const clock = new FakeClock(input.now);
  const state = input.state ?? new Map<string, unknown>();
  const sent: Captured[] = [];
  const controller = new AbortController();
  const calendar: CalendarApi = { ...testCalendar(input, clock), ...input.calendar };
  const forms: Array<FormOpenRequest & { user?: string }> = [];
  const holidaysAdded: HolidayAddArgs[] = [];
  const store = memoryStore(state);
  const services: HostServices = {
    openForm: async (request) => {
      // The daemon's own check, so a form it would refuse fails the app's tests too.
      const problem = formProblem(request.form);
      if (problem) throw new Error(`invalid form: ${problem}`);
      forms.push(request);
      return { formId: request.formId, expiresAt: clock.now() + (request.ttlMs ?? 24 * 3_600_000) };
    },
    store,
    calendar,
    enqueue: async (target, kind, message) => {
      if (kind === 'batch') return enqueueBatch(store, sent, message as EnqueueBatch);
      sent.push({ target, kind, message });
      return { ids: [`test-${sent.length}`] };
    },
    connectorCall: async (name, method, args) => {
      const fn = clientMethod(input.connectors?.[name], method);
      if (!fn) throw new Error(`no test double for connector ${name}.${method}()`);
      return fn(...args);
    },
    connections: async (type) =>
      (
        input.connections ?? Object.keys(input.connectors ?? {}).map((name) => ({ name, type: 'test' }))
      ).filter((c) => type === undefined || c.type === type),
    holidays: {
      diff: async () => ({ exchanges: null }),
      add: async (closure) => {
        holidaysAdded.push(closure);
        return { replaced: false };
      },
      ...input.holidays,
    },
  };
  const options = (app.options ? app.options.parse(input.options ?? {}) : (input.options ?? {})) as O;
  let testDb: Promise<TestDatabase> | undefined;
  let database: TestDatabase | undefined;
  const migrate = async () => {
    if (!app.migrations) return;
    testDb ??= openTestDatabase(input.db ?? 'sqlite', app.migrations);
    database = await testDb;
  };
  const { ctx, registrations } = createContext<O>({
    app: input.app ?? 'test-app',
    options,
    log: silentLogger(),
    clock,
    signal: controller.signal,
    services,
    dataDir:
      input.dataDir ?? path.join(tmpdir(), `opsbot-test-${randomUUID()}`, 'apps', input.app ?? 'test-app'),
    ...(input.dryRun ? { dryRun: true } : {}),
    ...(input.occurrence ? { occurrence: input.occurrence } : {}),
    database: () => database?.database,
  });
  return {
    ctx,
    clock,
    sent,
    state,
    holidaysAdded,
    migrate,
    forms,
    answerForm: async (values, opts = {}) => {
      const opened = opts.formId ? forms.find((f) => f.formId === opts.formId) : forms.at(-1);
      if (!opened) throw new Error('the app has not opened a form');
      const submission = {
        formId: opened.formId,
        ...(opened.key ? { key: opened.key } : {}),
        user: opts.user ?? opened.user ?? 'tester',
        replyTo: opened.target,
        values,
        submittedAt: clock.now(),
      };
      const before = sent.length;
      const errors = await validateForm(registrations.forms, submission);
      if (errors) return { errors, replies: [] };
      await submitForm(registrations.forms, submission, async (m) => {
        await services.enqueue(opened.target, 'portable', typeof m === 'string' ? { text: m } : m);
      });
      // Let an awaiting ctx.form caller run on to its reply.
      for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
      return { errors: null, replies: sent.slice(before) };
    },
    start: async () => {
      await migrate();
      await registrations.conversations.endInterrupted();
      await app.start?.(ctx as never);
    },
    run: async () => {
      if (!app.run) throw new Error('this app has no run()');
      if (input.dryRun && app.dryRun !== true) throw new Error(dryRunRefusal(input.app ?? 'test-app'));
      await migrate();
      await app.run(ctx as never);
    },
    action: async (name, args = {}) => {
      const action = app.actions?.[name];
      if (!action) throw new Error(`this app has no action "${name}"`);
      return action(ctx as never, args);
    },
    message: (text, from = {}) => deliver(registrations, services, clock, sent, 'message', { ...from, text }),
    event: (type, fields = {}) => deliver(registrations, services, clock, sent, type, fields),
    request: (method, path, init = {}) =>
      dispatchRequest(registrations, {
        method,
        path,
        query: init.query ?? {},
        headers: Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        body: init.body ?? null,
      }),
    stop: async () => {
      controller.abort(new Error('stopped'));
      try {
        await app.stop?.(ctx as never);
      } finally {
        await (await testDb?.catch(() => undefined))?.dispose();
      }
    },
  };
}

/** Event ids stay unique even when the fake clock stands still. */
let delivered = 0;

async function deliver(
  registrations: Registrations,
  services: HostServices,
  clock: FakeClock,
  sent: Captured[],
  type: string,
  from: {
    user?: string;
    replyTo?: string;
    text?: string;
    data?: string;
    members?: string[];
    files?: string[];
    raw?: unknown;
  },
): Promise<Captured[]> {
  const before = sent.length;
  const replyTo = from.replyTo ?? 'sandbox/channel/general';
  const event = {
    id: `msg-${clock.now()}-${++delivered}`,
    connection: replyTo.split('/')[0] ?? 'sandbox',
    type,
    replyTo,
    user: from.user ?? 'tester',
    ...(from.text === undefined ? {} : { text: from.text }),
    ...(from.data === undefined ? {} : { data: from.data }),
    ...(from.members === undefined ? {} : { members: from.members }),
    ...(from.files === undefined ? {} : { files: from.files }),
    ...(from.raw === undefined ? {} : { raw: from.raw }),
    receivedAt: clock.now(),
  };
  await registrations.conversations.deliver(event, () =>
    dispatchMessage(registrations, event, async (message) => {
      await services.enqueue(replyTo, 'portable', typeof message === 'string' ? { text: message } : message);
    }),
  );
  return sent.slice(before);
}
