import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import type { Connector, VerifiedEvent } from '../connectors/types.ts';
import { createCalendarApi } from '../engine/calendars/calendar-api.ts';
import { ExchangeCalendars } from '../engine/calendars/exchange-calendars.ts';
import { CalendarRegistry } from '../engine/calendars/registry.ts';
import { exchangeRules } from '../engine/calendars/rules-for.ts';
import { ConsoleAuthService } from '../engine/console/console-auth.ts';
import type { FormService } from '../engine/forms/service.ts';
import { createGateway, type Gateway, isLoopbackHost } from '../engine/gateway/index.ts';
import { Metrics } from '../engine/metrics.ts';
import type { AuthService } from '../engine/oauth/auth-service.ts';
import type { Outbox } from '../engine/outbox/outbox.ts';
import { type ScheduleBackend, Scheduler, type SchedulerOptions } from '../engine/scheduler/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import { errorMessage, OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import { makePrivateDir } from '../platform/private-files.ts';
import { secretRedactor } from '../platform/redact.ts';
import type { Store } from '../platform/store/types.ts';
import type { Cluster } from './cluster/cluster.ts';
import { loadCluster } from './cluster/load-cluster.ts';
import { SingletonApps } from './cluster/singleton-apps.ts';
import { ControlServer, probeDaemon } from './control.ts';
import { createControlHandler } from './control-handler.ts';
import { ADMIN_TARGET, CrashNotifier } from './crash-notifier.ts';
import { stableJson } from './fingerprint.ts';
import { createFormService } from './forms.ts';
import { holidayServices } from './holiday-services.ts';
import { createHostServices } from './host-services.ts';
import { Housekeeping } from './housekeeping.ts';
import { daemonLogger, type LogFiles } from './log-files.ts';
import { type DaemonPaths, daemonPaths } from './paths.ts';
import { assertPortFree } from './port-check.ts';
import { Router } from './router.ts';
import { Runner } from './runner.ts';
import {
  buildDelivery,
  closeDelivery,
  type Delivery,
  deliveryChanged,
  liveMap,
  type Runtime,
  startDelivery,
} from './runtime.ts';
import { jobsFor } from './schedules.ts';
import { masterKeyFor, storeFor } from './store-for.ts';
import { StoreHealth } from './store-health.ts';
import { type ReloadReport, Supervisor } from './supervisor.ts';

export { createConnectors, gatewayUrl } from './runtime.ts';

/** Config keys a reload cannot apply; it says so and the daemon keeps the old values until a restart. */
const RESTART_ONLY = [
  'http',
  'store',
  'queue',
  'dataDir',
  'secrets',
  'log',
  'exchanges',
  'node',
  'lease',
] as const;

/** Cluster mode: how often a node looks for inbound events another node stored for its apps. */
const CLUSTER_INBOX_POLL = 500;

export interface DaemonOptions {
  /** Log to stdout as well as to dataDir/logs/opsbot.log (the foreground daemon on a terminal or under systemd). */
  stdout?: boolean;
}

/**
 * The daemon and its composition root: long-lived parts (store, supervisor, router, scheduler,
 * gateway, control socket) are built once; everything that depends on the config lives in one
 * frozen `Runtime` that boot builds and reload replaces whole.
 */
export class Daemon {
  url = '';
  /** Opens /sandbox/api/* once a sandbox connection has a secret; new on every start, printed by `opsbot start`. */
  readonly sandboxToken = randomBytes(18).toString('base64url');
  readonly paths: DaemonPaths;
  readonly log: Logger;
  readonly metrics = new Metrics();
  /** opsbot.log and the apps' logs, rotated; closed last so the final lines land. */
  readonly logFiles: LogFiles;
  private closers: Array<() => Promise<void> | void> = [];
  private stopping: Promise<void> | null = null;
  store!: Store;
  supervisor!: Supervisor;
  runner!: Runner;
  /** Market calendars: built-in rules, the config's exchanges, and the curated entries in the store. */
  exchanges!: ExchangeCalendars;
  /** Every calendar a schedule's `skip` may name (weekends, holidays:X, …), uncached. */
  calendars!: CalendarRegistry;
  private runtime!: Runtime;
  private readonly initialConfig: LoadedConfig;
  private router!: Router;
  private forms!: FormService;
  private gateway!: Gateway;
  private clock: Clock = systemClock;
  private storeHealth?: StoreHealth;
  /** Cluster mode (`queue: redis://…`): this node's id, leases and heartbeat. */
  cluster?: Cluster;
  private singletons?: SingletonApps;
  private stopped!: Promise<void>;
  private resolveStopped!: () => void;

  private constructor(config: LoadedConfig, options: DaemonOptions) {
    this.initialConfig = config;
    this.paths = daemonPaths(config.dataDirPath);
    const { log, files } = daemonLogger(config, this.paths.logDir, this.metrics, options.stdout);
    this.log = log;
    this.logFiles = files;
    // A request URL in a log line may carry it (?token= on the sandbox stream).
    secretRedactor.add(this.sandboxToken);
    this.stopped = new Promise((r) => {
      this.resolveStopped = r;
    });
  }

  /** Starts everything; on any failure closes what it opened and rethrows (nothing half-started). */
  static async start(
    config: LoadedConfig,
    clock: Clock = systemClock,
    options: DaemonOptions = {},
  ): Promise<Daemon> {
    // Before anything is created: a port in use leaves no dataDir, store or key behind.
    await assertPortFree(config.http.host, config.http.port);
    makePrivateDir(config.dataDirPath, 'dataDir');
    const daemon = new Daemon(config, options);
    try {
      await daemon.boot(clock);
    } catch (err) {
      await daemon.close();
      await daemon.logFiles.closeAll();
      throw err;
    }
    return daemon;
  }

  /** The sandbox page with the token it needs, or null when the gateway does not serve it. */
  get sandboxUrl(): string | null {
    const { http } = this.config;
    if (!(http.sandbox ?? isLoopbackHost(http.host))) return null;
    return `${this.url}/sandbox?token=${this.sandboxToken}`;
  }

  get config(): LoadedConfig {
    return this.runtime?.config ?? this.initialConfig;
  }

  get connectors(): ReadonlyMap<string, Connector> {
    return this.runtime.connectors;
  }

  /** Token status, refresh and code exchange for `opsbot auth` while the daemon runs. */
  get auth(): AuthService {
    return this.runtime.auth;
  }

  /** Where the daemon's own messages go (connection tests, warnings): the current runtime's outbox. */
  get outbox(): Outbox {
    return this.runtime.outbox;
  }

  get scheduler(): ScheduleBackend {
    return this.runtime.scheduler;
  }

  /** Resolves when the daemon has shut down. */
  whenStopped(): Promise<void> {
    return this.stopped;
  }

  private async boot(clock: Clock): Promise<void> {
    const { initialConfig: config, log } = this;
    this.clock = clock;
    await this.claimDataDir();
    this.store = await storeFor(config, (file) =>
      log.warn(`generated a master key in ${file}; set secrets.masterKey in production`),
    );
    this.closers.push(() => this.store.close());
    this.cluster = await loadCluster(config, { store: this.store, clock, log });
    const cluster = this.cluster;
    if (cluster) {
      this.closers.push(() => cluster.stop());
      this.singletons = new SingletonApps({ leases: cluster.leases, apps: () => this.runtime.apps, log });
    }
    this.storeHealth = new StoreHealth({ store: this.store, dataDir: config.dataDirPath, clock, log });
    this.storeHealth.start();
    this.closers.push(() => this.storeHealth?.stop());
    // In a cluster only this node's own runs: the others' are still running (a dead node's are released by the node sweep).
    const interrupted = await this.store.runs.markInterrupted(clock.now(), this.cluster?.node);
    if (interrupted)
      log.warn({ runs: interrupted }, 'runs left unfinished by the last daemon were marked interrupted');

    const delivery = buildDelivery(config, this.deliveryDeps());
    const calendars = this.buildCalendars(config);
    this.buildApps(calendars, await masterKeyFor(config));
    const scheduler = this.buildScheduler(calendars);
    this.runtime = Object.freeze({ ...delivery, config, scheduler, apps: new Map() });
    this.closers.push(() => closeDelivery(this.runtime, this.cluster));
    await this.router.recover();

    await this.listen();
    if (this.cluster)
      await this.cluster.start({
        store: this.store,
        clock,
        log,
        url: this.url,
        apps: () => this.appStates(),
      });
    // Receivers hand events to the gateway's inbound path, so they start once it listens.
    await startDelivery(delivery, this.log, this.cluster);
    // Closed in reverse: apps stop first, then the router records what their exits left handing.
    this.closers.push(() => this.router.idle());
    // Not awaited: the daemon is healthy once its gateway and socket answer, and apps report as
    // they come up. A run due meanwhile waits for its app (runner.ts); events wait in the inbox.
    const appsUp = this.applyApps(config, delivery);
    this.closers.push(() => this.supervisor.stopAll());
    await scheduler.start();
    this.closers.push(() => scheduler.stop());
    await this.router.replay();
    this.router.startSweeping();
    this.closers.push(() => this.router.stopSweeping());
    const housekeeping = new Housekeeping({ store: this.store, clock, log, retention: () => this.config });
    housekeeping.start();
    this.closers.push(() => housekeeping.stop());
    log.info({ url: this.url, apps: this.runtime.apps.size }, 'opsbot is running');
    void appsUp.then(
      () => log.info({ apps: this.runtime.apps.size }, 'every app has started or settled'),
      (err) => log.error({ err: errorMessage(err) }, 'starting the apps failed'),
    );
  }

  /** GET /healthz: 503 while stopping or while the store cannot write, with the cause. */
  health(): { ok: boolean; cause?: string; apps: number } {
    const apps = this.runtime.apps.size;
    if (this.stopping) return { ok: false, cause: 'stopping', apps };
    const store = this.storeHealth?.current ?? { ok: true };
    if (!store.ok) return { ok: false, cause: store.cause, apps };
    if (this.cluster && !this.cluster.redisReady())
      return { ok: false, cause: 'queue: Redis is unreachable (reconnecting)', apps };
    return { ok: true, apps };
  }

  /** Refuses a second daemon on the same dataDir; removes a socket a daemon killed with -9 left. */
  private async claimDataDir(): Promise<void> {
    const { socket } = this.paths;
    const state = await probeDaemon(socket);
    if (state === 'running') throw new OpsbotError('RUNNING', `opsbot is already running (socket ${socket})`);
    if (state === 'stale') {
      rmSync(socket, { force: true });
      this.log.warn({ socket }, 'removed a stale control socket left by a daemon that died');
    }
  }

  private deliveryDeps() {
    return {
      store: this.store,
      log: this.log,
      clock: this.clock,
      metrics: this.metrics,
      receive: (connector: Connector, events: VerifiedEvent[]) => this.gateway.receive(connector, events),
      cluster: this.cluster,
    };
  }

  private buildCalendars(config: LoadedConfig): CalendarRegistry {
    const calendars = new CalendarRegistry({ log: this.log });
    // Exchange holidays back `skip: [holidays:X]`, `on: trading-days:X` and ctx.calendar.
    this.exchanges = new ExchangeCalendars({
      store: this.store.holidays,
      rules: exchangeRules(config.exchanges),
    });
    calendars.register(this.exchanges);
    this.calendars = calendars;
    return calendars;
  }

  /** Supervisor, runner and router; they reach config, outbox and apps through the current runtime. */
  private buildApps(calendars: CalendarRegistry, masterKey: Buffer): void {
    const { log, clock, store, metrics } = this;
    const calendar = createCalendarApi({
      exchanges: this.exchanges,
      registry: calendars,
      clock,
      timezone: () => this.config.timezone,
    });
    // Portable forms: /forms/<token> pages, the sandbox page's forms, ctx.form over IPC.
    this.forms = createFormService({
      store,
      clock,
      log,
      masterKey,
      connectors: () => this.runtime.connectors,
      config: () => this.config,
      outbox: () => this.runtime.outbox,
      apps: () => this.runtime.apps,
    });
    const forms = this.forms;
    const hostCall = createHostServices({
      forms,
      store,
      outbox: {
        enqueue: (item) => this.runtime.outbox.enqueue(item),
        enqueueMany: (app, messages, state) => this.runtime.outbox.enqueueMany(app, messages, state),
      },
      calendar,
      connectors: () => this.runtime.connectors,
      holidays: holidayServices({
        config: () => this.config,
        calendars: () => this.exchanges,
        store,
        now: () => clock.now(),
      }),
    });
    const crashes = new CrashNotifier({
      clock,
      log,
      hasAdmin: () => ADMIN_TARGET in this.config.targets,
      enqueue: (request) => this.runtime.outbox.enqueue(request),
    });
    this.supervisor = new Supervisor({
      clock,
      log,
      metrics,
      logDir: this.paths.logDir,
      logFiles: this.logFiles,
      hostCall: async (app, method, args) => {
        await this.singletons?.fence(app, method);
        return hostCall(app, method, args);
      },
      ...(this.cluster ? { cluster: true } : {}),
      onStandby: (app) => this.singletons?.standby(app),
      onStopped: (app) => void this.singletons?.released(app),
      onReady: (app) => {
        void forms.redeliver(app).catch((err) => log.error({ err, app }, 'form redelivery failed'));
        this.refreshSchedules();
        void this.router.appReady(app);
      },
      onChange: () => this.refreshSchedules(),
      onCrash: (app, reason, restartInMs) => crashes.crashed(app, reason, restartInMs),
    });
    const node = this.cluster?.node;
    this.runner = new Runner({ store, supervisor: this.supervisor, clock, log, metrics, node });
    this.router = new Router({
      store,
      apps: () => this.runtime.apps,
      clock,
      log: log.child({ part: 'inbox' }),
      holdFor: () => this.config.inbox.holdFor,
      ...(node ? { node, pollEvery: CLUSTER_INBOX_POLL } : {}),
    });
  }

  /** Local timers, or in cluster mode BullMQ job schedulers that fire each occurrence on one node. */
  private buildScheduler(calendars: CalendarRegistry): ScheduleBackend {
    const options: SchedulerOptions = {
      clock: this.clock,
      calendars,
      log: this.log.child({ part: 'scheduler' }),
      fire: async (job, occ) => {
        await this.runner.run(job.id, occ.trigger, occ.scheduledAt);
      },
      skipped: (job, occ) => this.runner.skipped(job.id, occ.scheduledAt, occ.reason),
      lastScheduled: (id) => this.store.runs.lastScheduled(id),
    };
    if (!this.cluster) return new Scheduler(options);
    return this.cluster.scheduler(options, {
      store: this.store,
      apps: () => this.runtime.apps,
      config: () => this.config,
    });
  }

  /** App → state on this node, for the cluster's node table. */
  private appStates(): Record<string, string> {
    const states: Record<string, string> = {};
    for (const [name, entry] of this.runtime?.apps ?? []) states[name] = entry.process.state;
    return states;
  }

  /** Gateway, control socket and pid file; a port in use fails here, before any app exists. */
  private async listen(): Promise<void> {
    const { config, log, paths } = this;
    // One handler for both doors: the CLI's socket (as its OS user, admin) and the console's API.
    const handler = createControlHandler(this);
    const gateway: Gateway = createGateway({
      host: config.http.host,
      port: config.http.port,
      bodyLimit: config.http.bodyLimit,
      sandbox: config.http.sandbox,
      timezone: () => this.config.timezone,
      sandboxToken: this.sandboxToken,
      forms: this.forms,
      store: this.store,
      connectors: liveMap(() => this.runtime.connectors),
      metrics: this.metrics,
      log: log.child({ part: 'gateway' }),
      clock: this.clock,
      onInbound: (event) =>
        void this.router.route(event.inboxId, event).catch((err) => log.error({ err }, 'routing failed')),
      appRoute: async (app, req) => {
        const entry = this.runtime.apps.get(app);
        if (!entry) return null;
        const { res, error } = await entry.process.request(req);
        if (error) throw new Error(error);
        return res;
      },
      health: () => this.health(),
      api: handler,
      consoleAuth: new ConsoleAuthService({
        store: this.store,
        clock: this.clock,
        log: log.child({ part: 'console' }),
        config: () => this.config.console,
      }),
      storeFailed: (err) => this.storeHealth?.failed(err),
      beforeMetrics: async () => {
        const depth = await this.runtime.queue.depth();
        for (const [status, n] of Object.entries(depth)) this.metrics.outboxDepth.set({ status }, n);
      },
    });
    this.gateway = gateway;
    const { url } = await gateway.listen();
    this.url = url;
    this.closers.push(() => gateway.close());

    const control = new ControlServer(paths.socket, handler);
    await control.listen();
    this.closers.push(() => control.close());
    writeFileSync(paths.pidFile, `${process.pid}\n`, { mode: 0o600 });
    this.closers.push(() => rmSync(paths.pidFile, { force: true }));
  }

  /**
   * Swaps in the runtime for a config — its delivery and its planned apps — in one assignment, then
   * stops, restarts and starts apps. New apps therefore call into the new outbox and connectors.
   */
  private async applyApps(config: LoadedConfig, delivery: Delivery): Promise<ReloadReport> {
    const plan = this.supervisor.plan(config);
    this.runtime = Object.freeze({
      ...delivery,
      config,
      scheduler: this.runtime.scheduler,
      apps: plan.entries,
    });
    this.supervisor.commit(plan);
    await plan.carryOut();
    return plan.report;
  }

  /** Re-derives every app's schedule (config beats the app's default) and hands them to the scheduler. */
  refreshSchedules(): void {
    this.runtime?.scheduler.set(jobsFor(this.runtime, { shared: this.cluster !== undefined }));
  }

  /** Items changed behind the worker's back: look now, not at the next poll. */
  wakeDelivery(): void {
    this.runtime.worker.wake();
  }

  /** `opsbot outbox retry` made items due now: that also ends any Retry-After pause of their connections. */
  resumeDelivery(): void {
    this.runtime.worker.resume();
  }

  async reload(next: LoadedConfig) {
    const current = this.runtime;
    const needsRestart = RESTART_ONLY.filter(
      (key) => stableJson(next[key]) !== stableJson(current.config[key]),
    );
    let delivery: Delivery = current;
    if (deliveryChanged(next, current.config)) {
      // Items in flight stay 'sending' until their lease ends, so nothing is lost by swapping workers.
      await closeDelivery(current, this.cluster);
      delivery = buildDelivery(next, this.deliveryDeps());
      await startDelivery(delivery, this.log, this.cluster);
    }
    const report = await this.applyApps(next, delivery);
    this.refreshSchedules();
    return { ...report, needsRestart };
  }

  /** Graceful stop: apps (SIGTERM then SIGKILL), scheduler, delivery, gateway, socket, store. */
  shutdown(): Promise<void> {
    this.stopping ??= this.close().then(async () => {
      this.log.info('opsbot stopped');
      await this.logFiles.closeAll();
      this.resolveStopped();
    });
    return this.stopping;
  }

  private async close(): Promise<void> {
    for (const close of this.closers.reverse()) {
      try {
        await close();
      } catch (err) {
        this.log.error({ err }, 'error while stopping');
      }
    }
    this.closers = [];
  }
}
