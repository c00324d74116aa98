import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connectorTypes } from '../connectors/registry.ts';
import type { Connector } from '../connectors/types.ts';
import { createCalendarApi } from '../engine/calendars/calendar-api.ts';
import { ExchangeCalendars } from '../engine/calendars/exchange-calendars.ts';
import { CalendarRegistry } from '../engine/calendars/registry.ts';
import { exchangeRules } from '../engine/calendars/rules-for.ts';
import { createGateway, type Gateway } from '../engine/gateway/index.ts';
import { Metrics } from '../engine/metrics.ts';
import { AuthService } from '../engine/oauth/auth-service.ts';
import { LocalDeliveryQueue } from '../engine/outbox/local-delivery-queue.ts';
import { Outbox } from '../engine/outbox/outbox.ts';
import { DeliveryWorker } from '../engine/outbox/worker.ts';
import { Scheduler } from '../engine/scheduler/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import { OpsbotError } from '../platform/errors.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import { ControlServer, probeDaemon } from './control.ts';
import { createControlHandler } from './control-handler.ts';
import { stableJson } from './fingerprint.ts';
import { createHostServices } from './host-services.ts';
import { type DaemonPaths, daemonPaths } from './paths.ts';
import { Router } from './router.ts';
import { Runner } from './runner.ts';
import { jobsFor } from './schedules.ts';
import { storeFor } from './store-for.ts';
import { Supervisor } from './supervisor.ts';

export function createConnectors(
  config: LoadedConfig,
  store: Store,
  log: Logger,
  clock: Clock,
): Map<string, Connector> {
  const connectors = new Map<string, Connector>();
  const publicUrl = gatewayUrl(config);
  for (const [name, conn] of Object.entries(config.connections)) {
    const type = connectorTypes.get(conn.type);
    if (!type) throw new OpsbotError('CONFIG', `connections.${name}: unknown connection type "${conn.type}"`);
    connectors.set(
      name,
      type.create({ name, options: conn, store, log: log.child({ connection: name }), clock, publicUrl }),
    );
  }
  return connectors;
}

/** How people and platforms reach the gateway: http.publicUrl, else the listen address. */
export function gatewayUrl(config: LoadedConfig): string {
  const { host, port, publicUrl } = config.http;
  return (publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
}

function rateLimits(config: LoadedConfig): Map<string, number> {
  const limits = new Map<string, number>();
  for (const [name, conn] of Object.entries(config.connections))
    if (conn.rateLimit) limits.set(name, conn.rateLimit);
  return limits;
}

/** The daemon: owns the store, schedules, delivery, gateway and the app processes. */
export class Daemon {
  config: LoadedConfig;
  url = '';
  readonly paths: DaemonPaths;
  readonly log: Logger;
  readonly metrics = new Metrics();
  private closers: Array<() => Promise<void> | void> = [];
  private stopping: Promise<void> | null = null;
  store!: Store;
  supervisor!: Supervisor;
  scheduler!: Scheduler;
  runner!: Runner;
  connectors = new Map<string, Connector>();
  private outbox!: Outbox;
  /** Market calendars: built-in rules, the config's exchanges, and the curated entries in the store. */
  exchanges!: ExchangeCalendars;
  /** Token status, refresh and code exchange for `opsbot auth` while the daemon runs. */
  auth!: AuthService;
  private worker!: DeliveryWorker;
  private clock: Clock = systemClock;
  private stopped!: Promise<void>;
  private resolveStopped!: () => void;

  private constructor(config: LoadedConfig, log: Logger) {
    this.config = config;
    this.log = log;
    this.paths = daemonPaths(config.dataDirPath);
    this.stopped = new Promise((r) => {
      this.resolveStopped = r;
    });
  }

  /** Starts everything; on any failure closes what it opened and rethrows (nothing half-started). */
  static async start(config: LoadedConfig, clock: Clock = systemClock): Promise<Daemon> {
    mkdirSync(config.dataDirPath, { recursive: true, mode: 0o700 });
    const log = createLogger({ name: 'opsbot', level: config.log.level });
    const daemon = new Daemon(config, log);
    try {
      await daemon.boot(clock);
    } catch (err) {
      await daemon.close();
      throw err;
    }
    return daemon;
  }

  /** Resolves when the daemon has shut down. */
  whenStopped(): Promise<void> {
    return this.stopped;
  }

  private async boot(clock: Clock): Promise<void> {
    const { config, log, paths } = this;
    if (config.queue !== 'local') {
      // Cluster mode (BullMQ over Redis) is planned; refusing beats silently running single-node.
      throw new OpsbotError(
        'CONFIG',
        'queue: cluster mode (redis://…) is not available yet; use queue: local',
      );
    }
    const state = await probeDaemon(paths.socket);
    if (state === 'running')
      throw new OpsbotError('RUNNING', `opsbot is already running (socket ${paths.socket})`);
    if (state === 'stale') {
      rmSync(paths.socket, { force: true });
      log.warn({ socket: paths.socket }, 'removed a stale control socket left by a daemon that died');
    }

    this.store = await storeFor(config, (file) =>
      log.warn(`generated a master key in ${file}; set secrets.masterKey in production`),
    );
    this.closers.push(() => this.store.close());
    const interrupted = await this.store.runs.markInterrupted(clock.now());
    if (interrupted)
      log.warn({ runs: interrupted }, 'runs left unfinished by the last daemon were marked interrupted');

    this.clock = clock;
    this.buildDelivery(config);
    this.closers.push(() => this.closeDelivery());
    const calendars = new CalendarRegistry({ log });
    // Exchange holidays back `skip: [holidays:X]`, `on: trading-days:X` and ctx.calendar.
    this.exchanges = new ExchangeCalendars({
      store: this.store.holidays,
      rules: exchangeRules(config.exchanges),
    });
    calendars.register(this.exchanges);
    const calendar = createCalendarApi({
      exchanges: this.exchanges,
      registry: calendars,
      clock,
      timezone: () => this.config.timezone,
    });

    const hostCall = createHostServices({
      store: this.store,
      outbox: { enqueue: (item) => this.outbox.enqueue(item) },
      calendar,
      connectors: () => this.connectors,
    });
    let router: Router | undefined;
    this.supervisor = new Supervisor({
      clock,
      log,
      metrics: this.metrics,
      logDir: paths.logDir,
      hostCall,
      onReady: () => {
        this.refreshSchedules();
        void router?.replay().catch((err) => log.error({ err }, 'inbox replay failed'));
      },
      onChange: () => this.refreshSchedules(),
      backoffBase: Number(process.env.OPSBOT_BACKOFF_BASE_MS) || undefined,
    });
    this.runner = new Runner({
      store: this.store,
      supervisor: this.supervisor,
      clock,
      log,
      metrics: this.metrics,
    });
    router = new Router({ store: this.store, supervisor: this.supervisor, log });
    this.scheduler = new Scheduler({
      clock,
      calendars,
      log: log.child({ part: 'scheduler' }),
      fire: async (job, occ) => {
        await this.runner.run(job.id, occ.trigger, occ.scheduledAt);
      },
      skipped: (job, occ) => this.runner.skipped(job.id, occ.scheduledAt, occ.reason),
      lastScheduled: (id) => this.store.runs.lastScheduled(id),
    });

    const gateway: Gateway = createGateway({
      host: config.http.host,
      port: config.http.port,
      bodyLimit: config.http.bodyLimit,
      sandbox: config.http.sandbox,
      store: this.store,
      connectors: this.connectors,
      metrics: this.metrics,
      log: log.child({ part: 'gateway' }),
      clock,
      onInbound: (event) =>
        void router?.route(event.inboxId, event).catch((err) => log.error({ err }, 'routing failed')),
      appRoute: async (app, req) => {
        const entry = this.supervisor.entries.get(app);
        if (!entry) return null;
        const { res, error } = await entry.process.request(req);
        if (error) throw new Error(error);
        return res;
      },
      health: () => ({ ok: !this.stopping, apps: this.supervisor.entries.size }),
      beforeMetrics: async () => {
        const depth = await this.store.outbox.depth();
        for (const [status, n] of Object.entries(depth)) this.metrics.outboxDepth.set({ status }, n);
      },
    });
    const { url } = await gateway.listen();
    this.url = url;
    this.closers.push(() => gateway.close());

    const control = new ControlServer(paths.socket, createControlHandler(this));
    await control.listen();
    this.closers.push(() => control.close());
    writeFileSync(paths.pidFile, `${process.pid}\n`, { mode: 0o600 });
    this.closers.push(() => rmSync(paths.pidFile, { force: true }));

    await this.supervisor.apply(config);
    this.closers.push(() => this.supervisor.stopAll());
    await this.scheduler.start();
    this.closers.push(() => this.scheduler.stop());
    await router.replay();
    log.info({ url, apps: this.supervisor.entries.size }, 'opsbot is running');
  }

  /** Re-derives every app's schedule (config beats the app's default) and hands them to the scheduler. */
  refreshSchedules(): void {
    if (!this.scheduler) return;
    this.scheduler.set(jobsFor(this.config, this.supervisor));
  }

  /** Connectors, outbox and delivery worker for a config; the gateway sees the same connectors map. */
  private buildDelivery(config: LoadedConfig): void {
    const { log, clock } = this;
    this.connectors.clear();
    for (const [name, c] of createConnectors(config, this.store, log, clock)) this.connectors.set(name, c);
    const queue = new LocalDeliveryQueue({ outbox: this.store.outbox, clock, lease: config.delivery.lease });
    this.worker = new DeliveryWorker({
      queue,
      connectors: this.connectors,
      clock,
      log: log.child({ part: 'delivery' }),
      metrics: this.metrics,
      delivery: config.delivery,
      rateLimits: rateLimits(config),
    });
    this.outbox = new Outbox({
      store: this.store,
      queue,
      targets: config.targets,
      connectors: this.connectors,
      clock,
      worker: this.worker,
    });
    this.auth = new AuthService({
      connectors: this.connectors,
      store: this.store,
      clock,
      outbox: this.outbox,
      targets: config.targets,
      log: log.child({ part: 'auth' }),
    });
    this.worker.start();
  }

  /** Items changed behind the worker's back (`opsbot outbox retry`): look now, not at the next poll. */
  wakeDelivery(): void {
    this.worker.wake();
  }

  private async closeDelivery(): Promise<void> {
    await this.worker.stop();
    await Promise.all([...this.connectors.values()].map((c) => c.close?.()));
  }

  async reload(next: LoadedConfig) {
    const needsRestart: string[] = [];
    for (const key of ['http', 'store', 'queue', 'dataDir', 'secrets', 'log', 'exchanges'] as const) {
      if (stableJson(next[key]) !== stableJson(this.config[key])) needsRestart.push(key);
    }
    const delivery = (c: LoadedConfig) => stableJson([c.connections, c.targets, c.delivery]);
    if (delivery(next) !== delivery(this.config)) {
      // Items in flight stay 'sending' until their lease ends, so nothing is lost by swapping workers.
      await this.closeDelivery();
      this.buildDelivery(next);
    }
    this.config = next;
    const report = await this.supervisor.apply(next);
    this.refreshSchedules();
    return { ...report, needsRestart };
  }

  /** Graceful stop: apps (SIGTERM then SIGKILL), scheduler, delivery, gateway, socket, store. */
  shutdown(): Promise<void> {
    this.stopping ??= this.close().then(() => {
      this.log.info('opsbot stopped');
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
