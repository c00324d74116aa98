/**
 * Entry point of an app's child process. Loads the app, builds its context with services that
 * call the daemon over IPC, and serves the daemon's requests: run, event, http, stop.
 */
import path from 'node:path';
import '../register.ts';
import {
  type AppInit,
  EXIT_CONFIG,
  type FromApp,
  type HostMethod,
  type ToApp,
} from '../../contracts/app-ipc.ts';
// The two modules it needs, not the index: the control and console schemas are no app's business.
import { createTrustedClient } from '../../contracts/daemon-api/api.ts';
import type { AppApi } from '../../contracts/daemon-api/app.ts';
import type { FormErrors } from '../../contracts/forms.ts';
import { systemClock } from '../../platform/clock.ts';
import { errorMessage, OpsbotError } from '../../platform/errors.ts';
import { createLogger } from '../../platform/log.ts';
import type { AppDatabase, AppDatabaseLocation } from '../../platform/store/app-database.ts';
import { createContext, type HostServices, type Registrations, toPortable } from '../context.ts';
import { dispatchMessage, dispatchRequest } from '../dispatch.ts';
import { submitForm, validateForm } from '../forms.ts';
import type { AppContext, CalendarApi, DefinedApp } from '../types.ts';
import { importApp, parseAppOptions } from './load.ts';
import { withOverrides } from './overrides.ts';
import { transport } from './transport.ts';

const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
let nextCallId = 1;
const controller = new AbortController();
const inFlight = new Set<Promise<unknown>>();

function post(message: FromApp): void {
  transport.post(message);
}

/** The app API client (src/contracts/daemon-api/app.ts) over Node IPC; the daemon checks each call. */
const call = createTrustedClient<AppApi>((method, args) => {
  const id = nextCallId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    post({ t: 'call', id, method: method as HostMethod, args: args as unknown[] });
  });
});

const services: HostServices = {
  store: {
    get: (key) => call('kv.get', [key]) as Promise<never>,
    set: (key, value) => call('kv.set', [key, value]),
    delete: (key) => call('kv.delete', [key]),
    list: (prefix) => call('kv.list', [prefix]),
  },
  // Every CalendarApi method is one IPC call of the same name: the daemon answers from its calendars.
  calendar: new Proxy({} as CalendarApi, {
    get: (_t, fn) =>
      typeof fn === 'string' ? (...args: unknown[]) => call('calendar', [fn as never, args]) : undefined,
  }),
  enqueue: (target, kind, payload) => call('enqueue', [target, kind, payload]),
  connectorCall: (connection, method, args) => call('connector', [connection, method, args]),
  connections: (type) => call('connections', [type]),
  openForm: (request) => call('form.open', [request]),
  holidays: {
    diff: (range) => call('holiday.diff', [range]),
    add: (closure) => call('holiday.add', [closure]),
  },
};

function track<T>(work: Promise<T>): Promise<T> {
  inFlight.add(work);
  work.finally(() => inFlight.delete(work)).catch(() => {});
  return work;
}

type Booted = { app: DefinedApp; ctx: AppContext; database?: AppDatabase; handle: (m: ToApp) => void };

/** Serves the daemon's requests to a started app: runs, actions, option checks, events, HTTP. */
function handler(app: DefinedApp, ctx: AppContext, registrations: Registrations, init: AppInit) {
  const log = ctx.log;
  /** `with:` plus a run's --set overrides, parsed by the app's schema (throws its message). */
  const optionsWith = (set: Record<string, unknown>) =>
    parseAppOptions(app, withOverrides(init.options, set));
  return (msg: ToApp) => {
    if (msg.t === 'run') {
      // A dry run or a run with --set sees its own context; runs at the same time keep the shared one.
      const own: PropertyDescriptorMap = {};
      if (msg.dryRun) own.dryRun = { value: true };
      if (msg.occurrence !== undefined) own.occurrence = { value: new Date(msg.occurrence) };
      let work: Promise<unknown>;
      try {
        // The daemon refuses such a run first; this holds if an older daemon does not.
        if (msg.dryRun && app.dryRun !== true) throw new Error(`${init.app} does not support --dry-run`);
        if (msg.set) own.options = { value: optionsWith(msg.set) };
        const runCtx = Object.keys(own).length ? Object.create(ctx, own) : ctx;
        work = app.run
          ? Promise.resolve(app.run(runCtx as never))
          : Promise.reject(new Error('app has no run()'));
      } catch (err) {
        work = Promise.reject(err);
      }
      track(work).then(
        () => post({ t: 'run-done', runId: msg.runId, ok: true }),
        (err) => {
          log.error({ err }, 'run failed');
          post({ t: 'run-done', runId: msg.runId, ok: false, error: errorMessage(err) });
        },
      );
    } else if (msg.t === 'action') {
      const action = app.actions?.[msg.action];
      const work = action
        ? Promise.resolve().then(() => action(ctx as never, msg.args))
        : Promise.reject(new Error(`no action "${msg.action}"`));
      track(work).then(
        (value) => post({ t: 'action-done', id: msg.id, ok: true, value }),
        (err) => {
          log.error({ err, action: msg.action }, 'action failed');
          post({ t: 'action-done', id: msg.id, ok: false, error: errorMessage(err) });
        },
      );
    } else if (msg.t === 'check-options') {
      try {
        optionsWith(msg.set);
        post({ t: 'action-done', id: msg.id, ok: true });
      } catch (err) {
        post({ t: 'action-done', id: msg.id, ok: false, error: errorMessage(err) });
      }
    } else if (msg.t === 'event') {
      const reply = async (m: string | Parameters<typeof toPortable>[0]) => {
        await services.enqueue(msg.event.replyTo, 'portable', toPortable(m));
      };
      const work = registrations.conversations.deliver(msg.event, () =>
        dispatchMessage(registrations, msg.event, reply),
      );
      track(work).then(
        () => post({ t: 'event-done', inboxId: msg.inboxId, ok: true }),
        (err) => {
          log.error({ err }, 'message handler failed');
          post({ t: 'event-done', inboxId: msg.inboxId, ok: false, error: errorMessage(err) });
        },
      );
    } else if (msg.t === 'form') {
      // Answers (secrets included) arrive in memory only; nothing here logs or stores them.
      const reply = async (m: string | Parameters<typeof toPortable>[0]) => {
        await services.enqueue(msg.submission.replyTo, 'portable', toPortable(m));
      };
      const work: Promise<{ errors?: FormErrors | null; taken?: boolean }> =
        msg.op === 'validate'
          ? validateForm(registrations.forms, msg.submission).then((errors) => ({ errors }))
          : submitForm(registrations.forms, msg.submission, reply).then((taken) => ({ taken }));
      track(work).then(
        (value) => post({ t: 'form-res', id: msg.id, ok: true, ...value }),
        (err) => {
          log.error({ err, formId: msg.submission.formId }, `form ${msg.op} failed`);
          post({ t: 'form-res', id: msg.id, ok: false, error: errorMessage(err) });
        },
      );
    } else if (msg.t === 'http') {
      track(dispatchRequest(registrations, msg.req)).then(
        (res) => post({ t: 'http-res', id: msg.id, res }),
        (err) => {
          log.error({ err }, 'route failed');
          post({ t: 'http-res', id: msg.id, res: null, error: errorMessage(err) });
        },
      );
    }
  };
}

let giveLead: () => void = () => {};
/** Resolved by the daemon's `lead` (cluster mode): this node now holds the app's lease. */
const leadGiven = new Promise<void>((resolve) => {
  giveLead = resolve;
});

async function boot(init: AppInit): Promise<Booted> {
  const log = createLogger({ name: init.app, level: init.logLevel, destination: transport.logDestination });
  const app = await importApp(init.module);
  const options = parseAppOptions(app, init.options);
  // The app's own database is opened here, not per query over IPC; migrations run before start().
  // Loaded only for apps with a database: the query builder is a fifth of an idle app's memory.
  const database = app.migrations
    ? await (await import('../db-prepare.ts')).prepareAppDatabase(
        (await call('db.location', [])) as AppDatabaseLocation,
        app.migrations,
      )
    : undefined;
  const { ctx, registrations } = createContext({
    app: init.app,
    options,
    log,
    clock: systemClock,
    signal: controller.signal,
    services,
    // The daemon passes its dataDir in the app's environment (supervisor.ts).
    dataDir: path.join(process.env['OPSBOT_DATA_DIR'] ?? process.cwd(), 'apps', init.app),
    database: () => database,
    onFirstConversation: () => post({ t: 'wants-messages' }),
  });
  await registrations.conversations.endInterrupted();
  const singleton = init.cluster
    ? (init.cluster.singleton ?? app.singleton ?? typeof app.start === 'function')
    : false;
  if (singleton) {
    // Another node may hold this app's sockets: start() waits until this node holds the lease.
    post({ t: 'standby' });
    await leadGiven;
  }
  await app.start?.(ctx as never);
  post({
    t: 'ready',
    ready: {
      hasRun: typeof app.run === 'function',
      messages: registrations.messages.length > 0,
      commands: [...registrations.commands.keys()],
      events: [...registrations.events.keys()],
      routes: registrations.routes.map((r) => ({ method: r.method, path: r.path })),
      schedule: app.schedule,
      actions: Object.keys(app.actions ?? {}),
      dryRun: app.dryRun === true,
      singleton,
    },
  });
  return {
    app,
    ctx: ctx as AppContext,
    ...(database ? { database } : {}),
    handle: handler(app, ctx as AppContext, registrations, init),
  };
}

let booted: Booted | undefined;

let stopping: Promise<never> | undefined;

/** The daemon asks twice (the `stop` message, then SIGTERM or its thread equivalent): stop() runs once. */
function shutdown(code: number): Promise<never> {
  stopping ??= stopApp(code);
  return stopping;
}

async function stopApp(code: number): Promise<never> {
  controller.abort(new Error('app is stopping'));
  try {
    await booted?.app.stop?.(booted.ctx as never);
    // Give in-flight runs a moment to notice the abort; the daemon SIGKILLs after stopTimeout anyway.
    await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 5000))]);
    await booted?.database?.close();
  } finally {
    process.exit(code);
  }
}

function onMessage(msg: ToApp): void {
  if (msg.t === 'reply') {
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.ok) waiter?.resolve(msg.value);
    else waiter?.reject(msg.code ? new OpsbotError(msg.code, msg.error) : new Error(msg.error));
  } else if (msg.t === 'init') {
    // Sent from the event loop itself, so a `while (true)` anywhere in the app silences it.
    setInterval(() => post({ t: 'heartbeat' }), msg.init.heartbeatEvery ?? 1000).unref();
    boot(msg.init).then(
      (b) => {
        booted = b;
      },
      (err) => {
        post({ t: 'fatal', error: errorMessage(err) });
        process.stderr.write(`${initErrorPrefix(msg.init.app)}${errorMessage(err)}\n`);
        // A bad module or bad options will not fix itself: tell the supervisor not to retry.
        const code = (err as { code?: string }).code;
        const permanent = code === 'APP_OPTIONS' || code === 'APP_MODULE' || code === 'APP_MIGRATION';
        setTimeout(() => process.exit(permanent ? EXIT_CONFIG : 1), 50);
      },
    );
  } else if (msg.t === 'stop') {
    void shutdown(0);
  } else if (msg.t === 'lead') {
    giveLead();
  } else {
    booted?.handle(msg);
  }
}

function initErrorPrefix(app: string): string {
  return `opsbot: app ${app} failed to start: `;
}

transport.listen(onMessage, () => void shutdown(0));
process.on('uncaughtException', (err) => {
  process.stderr.write(`uncaught exception: ${err.stack ?? err}\n`);
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`unhandled rejection: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
