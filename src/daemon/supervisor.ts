import path from 'node:path';
import type { AppReady, HostMethod } from '../contracts/app-ipc.ts';
import type { Metrics } from '../engine/metrics.ts';
import type { Clock } from '../platform/clock.ts';
import type { AppConfig, LoadedConfig } from '../platform/config/schema.ts';
import { OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import { makePrivateDir } from '../platform/private-files.ts';
import { resolveAppModule } from './app-module.ts';
import { APP_STATES, AppProcess, type AppState } from './app-process.ts';
import { codeHash, fingerprint } from './fingerprint.ts';
import type { LogFiles } from './log-files.ts';

export interface AppEntry {
  name: string;
  config: AppConfig;
  module: string;
  fingerprint: string;
  process: AppProcess;
}

export interface ReloadReport {
  started: string[];
  restarted: string[];
  stopped: string[];
  unchanged: string[];
  /** Changed, but stopped with `opsbot stop APP`: they stay stopped until `start APP`. */
  paused: string[];
}

export interface SupervisorOptions {
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  logDir: string;
  /** Each app's stdout and stderr go to its rotated file `logDir/<app>.log`. */
  logFiles: LogFiles;
  hostCall(app: string, method: HostMethod, args: unknown[]): Promise<unknown>;
  /** An app became ready (new schedule defaults, routes, handlers). */
  onReady(app: string, ready: AppReady): void;
  /** Cluster mode: apps learn whether they are singletons, and wait in standby for their lease. */
  cluster?: boolean;
  /** Cluster mode: a singleton app is loaded and waits for its lease (AppProcess.lead()). */
  onStandby?(app: string): void;
  /** The app's process stopped on purpose (stop, restart, removed from the config) or cannot start (crashed). */
  onStopped?(app: string): void;
  /** The set of apps or their configs changed. */
  onChange(): void;
  /** An app's process ended unexpectedly (restartInMs null: it stays crashed). */
  onCrash?(app: string, reason: string, restartInMs: number | null): void;
}

export function unknownApp(name: string): OpsbotError {
  return new OpsbotError('UNKNOWN_APP', `unknown app "${name}" (not in the config)`, { exitCode: 2 });
}

/**
 * What applying a config will do: the next set of apps (new processes created, not yet started) and
 * the stops and starts to carry out. Lets the daemon swap its runtime to the new apps before they start.
 */
export interface AppPlan {
  readonly config: LoadedConfig;
  readonly entries: ReadonlyMap<string, AppEntry>;
  readonly report: ReloadReport;
  /** Stops what goes, restarts what changed, starts what is new. */
  carryOut(): Promise<void>;
}

/** Keeps one AppProcess per enabled app and applies config changes with the least disruption. */
export class Supervisor {
  /** Replaced whole by commit(), never changed in place. */
  private current: ReadonlyMap<string, AppEntry> = new Map();
  private options: SupervisorOptions;
  private config: LoadedConfig | null = null;

  constructor(options: SupervisorOptions) {
    this.options = options;
    makePrivateDir(options.logDir, 'the log folder');
  }

  /** The current apps (the runtime holds the same map). */
  get entries(): ReadonlyMap<string, AppEntry> {
    return this.current;
  }

  /** Brings the running apps in line with a config: start new, restart changed, stop removed. */
  async apply(config: LoadedConfig): Promise<ReloadReport> {
    const plan = this.plan(config);
    this.commit(plan);
    await plan.carryOut();
    return plan.report;
  }

  /** Works out the next set of apps without touching the running ones. */
  plan(config: LoadedConfig): AppPlan {
    const report: ReloadReport = { started: [], restarted: [], stopped: [], unchanged: [], paused: [] };
    const next = new Map<string, AppEntry>();
    const work: Array<() => Promise<void>> = [];
    for (const [name, app] of Object.entries(config.apps)) {
      if (!app.enabled) continue;
      const module = resolveAppModule(app.use, path.dirname(config.file));
      const resolved = {
        app,
        timezone: config.timezone,
        logLevel: config.log.level,
        timeouts: config.timeouts,
        // A change to the global isolation moves the apps that follow it.
        isolation: app.isolation ?? config.isolation,
      };
      const print = fingerprint(resolved, codeHash(module));
      const current = this.entries.get(name);
      // A crashed app (bad module, failed spawn) is worth another try on every reload, changed or not.
      if (current && current.fingerprint === print && current.process.state !== 'crashed') {
        report.unchanged.push(name);
        next.set(name, current);
        continue;
      }
      const entry = {
        name,
        config: app,
        module,
        fingerprint: print,
        process: this.createProcess(name, app, module, config),
      };
      next.set(name, entry);
      if (current?.process.paused) {
        // Stopped by a person: the new config applies when someone says `start APP`, not before.
        entry.process.paused = true;
        report.paused.push(name);
        work.push(() => current.process.stop());
      } else if (current) {
        report.restarted.push(name);
        work.push(() => current.process.stop().then(() => entry.process.start()));
      } else {
        report.started.push(name);
        work.push(() => entry.process.start());
      }
    }
    for (const [name, entry] of this.entries) {
      if (next.has(name)) continue;
      report.stopped.push(name);
      // Forgotten once stopped: the stop's own state changes would otherwise bring the gauges back.
      work.push(() => entry.process.stop().then(() => this.options.metrics.forgetApp(name)));
    }
    return {
      config,
      entries: next,
      report,
      carryOut: () => Promise.all(work.map((w) => w())).then(() => {}),
    };
  }

  /** Makes a plan's apps the current ones (before carryOut starts them). */
  commit(plan: AppPlan): void {
    this.config = plan.config;
    this.current = plan.entries;
    this.options.onChange();
  }

  get(name: string): AppEntry {
    const entry = this.entries.get(name);
    if (!entry) throw unknownApp(name);
    return entry;
  }

  /** Known to the config even when disabled (so `start APP` can say "disabled" rather than "unknown"). */
  configured(name: string): boolean {
    return Boolean(this.config?.apps[name]);
  }

  async startApp(name: string): Promise<AppState> {
    const entry = this.requireEnabled(name);
    entry.process.paused = false;
    this.options.onChange();
    await entry.process.start();
    return entry.process.state;
  }

  /** Stops the app and pauses its schedule until `start APP` (no runs, no "not running" errors). */
  async stopApp(name: string): Promise<AppState> {
    const entry = this.requireEnabled(name);
    entry.process.paused = true;
    this.options.onChange();
    await entry.process.stop();
    return entry.process.state;
  }

  async restartApp(name: string): Promise<AppState> {
    const entry = this.requireEnabled(name);
    await entry.process.restart();
    return entry.process.state;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.process.stop()));
  }

  /** Longest a run of this app may take (ms; 0 = no limit): the app's `timeouts.run`, else the global one. */
  runTimeout(name: string): number {
    const app = this.get(name).config;
    return app.timeouts?.run ?? this.config?.timeouts.run ?? 600_000;
  }

  logFile(name: string): string {
    return path.join(this.options.logDir, `${name}.log`);
  }

  private requireEnabled(name: string): AppEntry {
    const entry = this.entries.get(name);
    if (entry) return entry;
    if (this.configured(name)) {
      throw new OpsbotError('APP_DISABLED', `app "${name}" is disabled in the config (enabled: false)`);
    }
    throw unknownApp(name);
  }

  private createProcess(name: string, app: AppConfig, module: string, config: LoadedConfig): AppProcess {
    const { metrics, log, clock } = this.options;
    return new AppProcess({
      init: {
        app: name,
        module,
        options: app.with,
        timezone: config.timezone,
        logLevel: config.log.level,
        ...(this.options.cluster
          ? { cluster: app.singleton === undefined ? {} : { singleton: app.singleton } }
          : {}),
      },
      output: this.options.logFiles.get(name),
      env: { ...app.env, OPSBOT_DATA_DIR: config.dataDirPath },
      stopTimeout: app.stopTimeout,
      startTimeout: app.timeouts?.start ?? config.timeouts.start,
      unresponsiveAfter: app.timeouts?.unresponsive ?? config.timeouts.unresponsive,
      ...(app.memoryLimit ? { memoryLimitMb: app.memoryLimit } : {}),
      isolation: app.isolation ?? config.isolation,
      clock,
      log,
      restart: config.restart,
      hostCall: (method, args) => this.options.hostCall(name, method, args),
      onReady: (ready) => this.options.onReady(name, ready),
      onState: (state) => {
        metrics.setAppState(name, state, APP_STATES);
        if (state === 'stopped' || state === 'crashed') this.options.onStopped?.(name);
      },
      onStandby: () => this.options.onStandby?.(name),
      onCrash: (reason, restartInMs) => {
        metrics.appRestarts.inc({ app: name });
        this.options.onCrash?.(name, reason, restartInMs);
      },
    });
  }
}
