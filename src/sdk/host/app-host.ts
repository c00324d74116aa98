/**
 * Entry point of an app's child process. Loads the app, builds its context with services that
 * call the daemon over IPC, and serves the daemon's requests: run, event, http, stop.
 */
import '../register.ts';
import {
  type AppInit,
  EXIT_CONFIG,
  type FromApp,
  type HostMethod,
  type ToApp,
} from '../../contracts/app-ipc.ts';
import type { FormErrors } from '../../contracts/forms.ts';
import { systemClock } from '../../platform/clock.ts';
import { errorMessage } from '../../platform/errors.ts';
import { createLogger } from '../../platform/log.ts';
import type { AppDatabase, AppDatabaseLocation } from '../../platform/store/app-database.ts';
import { createContext, type HostServices, toPortable } from '../context.ts';
import { prepareAppDatabase } from '../db.ts';
import { dispatchMessage, dispatchRequest } from '../dispatch.ts';
import { submitForm, validateForm } from '../forms.ts';
import type { AppContext, CalendarApi, ConnectionInfo, DefinedApp } from '../types.ts';
import { importApp, parseAppOptions } from './load.ts';

const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
let nextCallId = 1;
const controller = new AbortController();
const inFlight = new Set<Promise<unknown>>();

function post(message: FromApp): void {
  process.send?.(message);
}

function call(method: HostMethod, ...args: unknown[]): Promise<unknown> {
  const id = nextCallId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    post({ t: 'call', id, method, args });
  });
}

const services: HostServices = {
  store: {
    get: (key) => call('kv.get', key) as Promise<never>,
    set: (key, value) => call('kv.set', key, value) as Promise<void>,
    delete: (key) => call('kv.delete', key) as Promise<boolean>,
    list: (prefix) => call('kv.list', prefix) as Promise<Array<{ key: string; value: unknown }>>,
  },
  // Every CalendarApi method is one IPC call of the same name: the daemon answers from its calendars.
  calendar: new Proxy({} as CalendarApi, {
    get: (_t, fn) =>
      typeof fn === 'string' ? (...args: unknown[]) => call('calendar', fn, args) : undefined,
  }),
  enqueue: (target, kind, payload) => call('enqueue', target, kind, payload) as Promise<{ ids: string[] }>,
  connectorCall: (connection, method, args) => call('connector', connection, method, args),
  connections: (type) => call('connections', type) as Promise<ConnectionInfo[]>,
  openForm: (request) => call('form.open', request) as Promise<{ formId: string; expiresAt: number }>,
};

function track<T>(work: Promise<T>): Promise<T> {
  inFlight.add(work);
  work.finally(() => inFlight.delete(work)).catch(() => {});
  return work;
}

async function boot(
  init: AppInit,
): Promise<{ app: DefinedApp; ctx: AppContext; database?: AppDatabase; handle: (m: ToApp) => void }> {
  const log = createLogger({ name: init.app, level: init.logLevel });
  const app = await importApp(init.module);
  const options = parseAppOptions(app, init.options);
  // The app's own database is opened here, not per query over IPC; migrations run before start().
  const database = app.migrations
    ? await prepareAppDatabase((await call('db.location')) as AppDatabaseLocation, app.migrations)
    : undefined;
  const { ctx, registrations } = createContext({
    app: init.app,
    options,
    log,
    clock: systemClock,
    signal: controller.signal,
    services,
    database: () => database,
    onFirstConversation: () => post({ t: 'wants-messages' }),
  });
  await registrations.conversations.endInterrupted();
  await app.start?.(ctx as never);
  const handle = (msg: ToApp) => {
    if (msg.t === 'run') {
      // A dry run sees ctx.dryRun = true; other runs at the same time keep the shared context.
      const runCtx = msg.dryRun ? Object.create(ctx, { dryRun: { value: true } }) : ctx;
      const work = app.run
        ? Promise.resolve(app.run(runCtx as never))
        : Promise.reject(new Error('app has no run()'));
      track(work).then(
        () => post({ t: 'run-done', runId: msg.runId, ok: true }),
        (err) => {
          log.error({ err }, 'run failed');
          post({ t: 'run-done', runId: msg.runId, ok: false, error: errorMessage(err) });
        },
      );
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
  post({
    t: 'ready',
    ready: {
      hasRun: typeof app.run === 'function',
      messages: registrations.messages.length > 0,
      commands: [...registrations.commands.keys()],
      events: [...registrations.events.keys()],
      routes: registrations.routes.map((r) => ({ method: r.method, path: r.path })),
      schedule: app.schedule,
    },
  });
  return { app, ctx: ctx as AppContext, ...(database ? { database } : {}), handle };
}

let booted: Awaited<ReturnType<typeof boot>> | undefined;

async function shutdown(code: number): Promise<never> {
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

process.on('message', (msg: ToApp) => {
  if (msg.t === 'reply') {
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.ok) waiter?.resolve(msg.value);
    else waiter?.reject(new Error(msg.error));
  } else if (msg.t === 'init') {
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
  } else {
    booted?.handle(msg);
  }
});

function initErrorPrefix(app: string): string {
  return `opsbot: app ${app} failed to start: `;
}

process.on('SIGTERM', () => void shutdown(0));
// The daemon is gone (even kill -9): an app must never outlive it unsupervised.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (err) => {
  process.stderr.write(`uncaught exception: ${err.stack ?? err}\n`);
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`unhandled rejection: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
