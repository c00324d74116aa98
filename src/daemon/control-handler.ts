import type { Actor } from '../contracts/console.ts';
import {
  type ControlApi,
  controlApi,
  createDispatcher,
  type Handlers,
  publicArgs,
} from '../contracts/daemon-api/index.ts';
import { exchangeRules } from '../engine/calendars/rules-for.ts';
import { ConsoleAccounts } from '../engine/console/accounts.ts';
import { systemClock } from '../platform/clock.ts';
import { OpsbotError, usageError } from '../platform/errors.ts';
import { guardDispatch } from './api-guard.ts';
import { loadDaemonConfig } from './config.ts';
import { consoleMethods } from './console-methods.ts';
import { consoleReadMethods } from './console-read-methods.ts';
import type { ControlHandler } from './control.ts';
import type { Daemon } from './daemon.ts';
import { storeMethods } from './store-methods.ts';
import type { AppEntry } from './supervisor.ts';

export type { AppStatus } from '../contracts/daemon-api/index.ts';

async function status(daemon: Daemon) {
  const now = Date.now();
  const apps = [];
  for (const entry of daemon.supervisor.entries.values()) {
    const last = await daemon.store.runs.last(entry.name);
    const p = entry.process;
    apps.push({
      app: entry.name,
      // `unresponsive` is how it looks from outside: the process runs but its event loop does not answer.
      state: p.unresponsive ? 'unresponsive' : p.state,
      pid: p.pid,
      uptimeMs: p.startedAt && p.state === 'running' ? now - p.startedAt : null,
      restarts: p.restarts,
      lastRun: last
        ? { outcome: last.outcome, startedAt: last.startedAt, endedAt: last.endedAt, error: last.error }
        : null,
      nextRun: daemon.scheduler.nextRun(entry.name) ?? null,
      error: p.unresponsive
        ? 'its event loop is blocked (no heartbeat within timeouts.unresponsive)'
        : p.state === 'running'
          ? null
          : p.lastError,
      restartReason: p.restartReason,
      ...((p.ready ?? p.registered)?.dryRun === true ? { dryRun: true as const } : {}),
    });
  }
  const cluster = daemon.cluster;
  return {
    pid: process.pid,
    url: daemon.url,
    config: daemon.config.file,
    timezone: daemon.config.timezone,
    apps,
    ...(cluster
      ? {
          cluster: {
            node: cluster.node,
            ttl: cluster.ttl,
            nodes: await daemon.store.nodes.list(),
            leases: await daemon.store.leases.list(),
          },
        }
      : {}),
  };
}

/** An app of the running config; a disabled one says so rather than "unknown". */
function entryOf(daemon: Daemon, app: string): AppEntry {
  const entry = daemon.supervisor.entries.get(app);
  if (entry) return entry;
  if (daemon.supervisor.configured(app)) {
    throw new OpsbotError('APP_DISABLED', `app "${app}" is disabled in the config (enabled: false)`);
  }
  return daemon.supervisor.get(app);
}

/** The action must exist (exit 2, listing the app's actions) and the app must be up to run it. */
function checkAction(entry: AppEntry, action: string): void {
  const { process: p } = entry;
  if (p.state !== 'running' || !p.ready) {
    throw new OpsbotError('APP_NOT_RUNNING', `app "${entry.name}" is ${p.state}: start it first`);
  }
  const actions = p.ready.actions ?? [];
  if (!actions.includes(action)) {
    const list = actions.length ? `its actions: ${actions.join(', ')}` : 'it has no actions';
    throw new OpsbotError('UNKNOWN_ACTION', `app "${entry.name}" has no action "${action}" (${list})`, {
      exitCode: 2,
    });
  }
}

/** One handler per control method (src/contracts/daemon-api/control.ts); arguments arrive validated. */
function controlHandlers(daemon: Daemon): Handlers<ControlApi, unknown> {
  const store = storeMethods({
    store: daemon.store,
    exchanges: () => new Set(exchangeRules(daemon.config.exchanges).keys()),
    now: () => Date.now(),
  });
  const accounts = new ConsoleAccounts({
    store: daemon.store,
    clock: systemClock,
    sessionTtl: () => daemon.config.console.sessionTtl,
  });
  // A curated closure counts at once: the scheduler forgets what the calendars said and re-arms.
  const thenRearm =
    <A, R>(handler: (args: A, ctx: unknown) => Promise<R> | R) =>
    async (args: A, ctx: unknown): Promise<R> => {
      const result = await handler(args, ctx);
      daemon.scheduler.calendarsChanged();
      return result;
    };
  return {
    ...store,
    ...consoleReadMethods(daemon),
    ...consoleMethods({ store: daemon.store, accounts }),
    'holiday.add': thenRearm(store['holiday.add']),
    'holiday.update': thenRearm(store['holiday.update']),
    'holiday.remove': thenRearm(store['holiday.remove']),
    'holiday.import': thenRearm(store['holiday.import']),
    'outbox.retry': async (args, ctx) => {
      const result = await store['outbox.retry'](args, ctx);
      // Due now means now: a connection paused by a long Retry-After is woken too.
      daemon.resumeDelivery();
      return result;
    },
    ping: () => ({ pid: process.pid, config: daemon.config.file, url: daemon.url }),
    status: () => status(daemon),
    reload: async () => daemon.reload(await loadDaemonConfig(daemon.config.file)),
    stop: () => {
      // Answer first, then stop: the client waits for the socket to disappear.
      setImmediate(() => void daemon.shutdown());
      return { stopping: true as const, pid: process.pid };
    },
    'outbox.wake': () => {
      daemon.wakeDelivery();
      return { woken: true };
    },
    'app.start': async ({ app }) => ({ state: await daemon.supervisor.startApp(app) }),
    'app.stop': async ({ app }) => ({ state: await daemon.supervisor.stopApp(app) }),
    'app.restart': async ({ app }) => ({ state: await daemon.supervisor.restartApp(app) }),
    'app.run': async ({ app, dryRun, set }) => {
      const entry = entryOf(daemon, app);
      // What the app said when it last came up; an app never up yet is checked by its own host.
      const declared = entry.process.ready ?? entry.process.registered;
      if (dryRun && declared && declared.dryRun !== true)
        throw usageError(`${app} does not support --dry-run`);
      if (Object.keys(set).length && entry.process.state === 'running') {
        // A bad --set is the caller's mistake: refuse it before a run is recorded.
        const checked = await entry.process.checkOptions(set);
        if (!checked.ok) throw usageError(`app "${app}": ${checked.error}`);
      }
      return daemon.runner.run(app, 'manual', null, { dryRun, set });
    },
    'app.do': async ({ app, action, args }) => {
      const entry = entryOf(daemon, app);
      checkAction(entry, action);
      const outcome = await entry.process.action(action, args);
      if (!outcome.ok) throw new OpsbotError('ACTION', `${app} ${action}: ${outcome.error}`);
      return outcome.value;
    },
    'auth.status': async ({ connection }) => {
      const statuses = await daemon.auth.status(connection);
      return { statuses, warned: await daemon.auth.warn(statuses) };
    },
    'auth.url': ({ connection }) => daemon.auth.loginUrl(connection),
    'auth.refresh': ({ connection }) => daemon.auth.refresh(connection),
    'auth.exchange': ({ connection, code }) => daemon.auth.exchange(connection, code),
  };
}

/**
 * The daemon API as the control socket and the gateway (/console, /api/v1) call it: every call is
 * logged (secrets masked), checked against the actor's role and, when it changes something,
 * written to the audit log (api-guard.ts).
 */
export function createControlHandler(daemon: Daemon): ControlHandler {
  const dispatch = createDispatcher<ControlApi, Actor>(
    controlApi,
    controlHandlers(daemon),
    (method, args, actor) =>
      daemon.log.info(
        {
          method,
          args: publicArgs(controlApi[method as keyof ControlApi], args),
          actor: actor.name,
          via: actor.via,
        },
        'api call',
      ),
  );
  return guardDispatch(dispatch, { store: daemon.store, log: daemon.log, now: () => Date.now() });
}
