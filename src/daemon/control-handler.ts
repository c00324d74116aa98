import { OpsbotError, usageError } from '../platform/errors.ts';
import { loadDaemonConfig } from './config.ts';
import type { Daemon } from './daemon.ts';

export interface AppStatus {
  app: string;
  state: string;
  pid: number | null;
  uptimeMs: number | null;
  restarts: number;
  lastRun: { outcome: string; startedAt: number; endedAt: number | null; error: string | null } | null;
  nextRun: number | null;
  error: string | null;
}

function appArg(args: Record<string, unknown>): string {
  return requiredString(args.app, 'app name');
}

function requiredString(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value) throw usageError(`missing ${what}`);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** What the daemon answers on its control socket. */
export function createControlHandler(daemon: Daemon) {
  return async (cmd: string, args: Record<string, unknown>): Promise<unknown> => {
    const { supervisor, store } = daemon;
    switch (cmd) {
      case 'ping':
        return { pid: process.pid, config: daemon.config.file, url: daemon.url };
      case 'status': {
        const now = Date.now();
        const rows: AppStatus[] = [];
        for (const entry of supervisor.entries.values()) {
          const last = await store.runs.last(entry.name);
          const p = entry.process;
          rows.push({
            app: entry.name,
            state: p.state,
            pid: p.pid,
            uptimeMs: p.startedAt && p.state === 'running' ? now - p.startedAt : null,
            restarts: p.restarts,
            lastRun: last
              ? { outcome: last.outcome, startedAt: last.startedAt, endedAt: last.endedAt, error: last.error }
              : null,
            nextRun: daemon.scheduler.nextRun(entry.name) ?? null,
            error: p.state === 'running' ? null : p.lastError,
          });
        }
        return { pid: process.pid, url: daemon.url, config: daemon.config.file, apps: rows };
      }
      case 'reload': {
        const next = await loadDaemonConfig(daemon.config.file);
        return daemon.reload(next);
      }
      case 'stop':
        // Answer first, then stop: the client waits for the socket to disappear.
        setImmediate(() => void daemon.shutdown());
        return { stopping: true, pid: process.pid };
      case 'outbox.wake':
        daemon.wakeDelivery();
        return { woken: true };
      case 'app.start':
        return { state: await supervisor.startApp(appArg(args)) };
      case 'app.stop':
        return { state: await supervisor.stopApp(appArg(args)) };
      case 'app.restart':
        return { state: await supervisor.restartApp(appArg(args)) };
      case 'app.run': {
        const app = appArg(args);
        supervisor.get(app);
        return daemon.runner.run(app, 'manual', null, { dryRun: args.dryRun === true });
      }
      case 'auth.status': {
        const statuses = await daemon.auth.status(optionalString(args.connection));
        return { statuses, warned: await daemon.auth.warn(statuses) };
      }
      case 'auth.refresh':
        return daemon.auth.refresh(requiredString(args.connection, 'connection'));
      case 'auth.exchange':
        return daemon.auth.exchange(
          requiredString(args.connection, 'connection'),
          requiredString(args.code, 'code'),
        );
      default:
        throw new OpsbotError('USAGE', `unknown control command "${cmd}"`, { exitCode: 2 });
    }
  };
}
