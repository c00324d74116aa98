import { fork } from 'node:child_process';
import module from 'node:module';
import { createInterface } from 'node:readline';
import { type AppReady, EXIT_CONFIG, type FromApp, type ToApp } from '../contracts/app-ipc.ts';
import type { FormSubmission } from '../contracts/forms.ts';
import type { HttpRequest, HttpResponse } from '../contracts/http.ts';
import type { InboundEvent as InboundData } from '../contracts/inbound.ts';
import { type BackoffOptions, retryDelay } from '../platform/backoff.ts';
import { errorMessage, OpsbotError } from '../platform/errors.ts';
import { modulePath } from '../platform/module-path.ts';
import { appEnvironment } from './app-env.ts';
import { AppHealth } from './app-health.ts';
import type {
  ActionOutcome,
  AppProcessOptions,
  AppState,
  FormCallResult,
  RunOptions,
} from './app-process-options.ts';
import type { AppChild } from './thread-host/app-child.ts';
import { threadHost } from './thread-host/thread-host.ts';

export {
  type ActionOutcome,
  APP_STATES,
  type AppProcessOptions,
  type AppState,
  type FormCallResult,
  type Isolation,
  type RunOptions,
} from './app-process-options.ts';

const HOST = modulePath(import.meta.url, '../sdk/host/boot.ts');

const DEFAULT_RESTART: BackoffOptions = { backoff: 1000, maxBackoff: 300_000 };

interface Waiter<T> {
  resolve(value: T): void;
}

/** States in which start() has nothing more to wait for. */
const SETTLED: readonly AppState[] = ['running', 'crashed', 'backoff', 'standby'];

/** One app's child process: spawn, supervise with backoff, stop with SIGTERM then SIGKILL, and talk IPC. */
export class AppProcess {
  readonly name: string;
  state: AppState = 'stopped';
  pid: number | null = null;
  restarts = 0;
  startedAt: number | null = null;
  lastError: string | null = null;
  ready: AppReady | null = null;
  /** The registrations of the last ready process, kept while it restarts (the router holds events by them). */
  registered: AppReady | null = null;
  /** While in backoff: when the next restart is due (clock ms). */
  restartAt: number | null = null;
  /** Stopped by a person (`opsbot stop APP`): its schedule is paused until `start APP`. */
  paused = false;
  /** Why the process was last restarted (a crash, a timed-out run, the heap limit); kept after the restart. */
  restartReason: string | null = null;
  /** How the last process ended. */
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private child: AppChild | null = null;
  private consecutiveCrashes = 0;
  private cancelRestart: (() => void) | null = null;
  private wanted = false;
  private nextId = 1;
  private runs = new Map<number, Waiter<{ ok: boolean; error?: string; crashed?: boolean }>>();
  private events = new Map<number, Waiter<{ ok: boolean; error?: string; crashed?: boolean }>>();
  private requests = new Map<number, Waiter<{ res: HttpResponse | null; error?: string }>>();
  private formCalls = new Map<number, Waiter<FormCallResult>>();
  private actions = new Map<number, Waiter<ActionOutcome>>();
  private readyWaiters: Array<Waiter<void>> = [];
  private exited: Promise<void> = Promise.resolve();
  private options: AppProcessOptions;
  private readonly health: AppHealth;

  constructor(options: AppProcessOptions) {
    this.options = options;
    this.name = options.init.app;
    this.health = new AppHealth(options.unresponsiveAfter ?? 30_000, options.memoryLimitMb);
  }

  /** Running, but its event loop has not sent a heartbeat for longer than `unresponsiveAfter`. */
  get unresponsive(): boolean {
    return this.state === 'running' && this.health.unresponsive(this.options.clock.now());
  }

  /** Kills a process that cannot be trusted any more (a run past its timeout); it restarts with backoff. */
  kill(reason: string): void {
    if (!this.child) return;
    this.lastError = reason;
    this.options.log.warn({ app: this.name, reason }, 'killing the app process');
    this.child.kill('SIGKILL');
  }

  /** Starts the process; resolves once it is ready, crashed, or waiting in backoff. */
  start(): Promise<void> {
    this.wanted = true;
    this.consecutiveCrashes = 0;
    this.cancelBackoff();
    if (this.child) return this.whenSettled();
    this.spawn();
    return this.whenSettled();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    this.cancelBackoff();
    const child = this.child;
    if (!child) {
      this.setState('stopped');
      return;
    }
    this.setState('stopping');
    child.send?.({ t: 'stop' } satisfies ToApp, () => {});
    child.kill('SIGTERM');
    const cancelKill = this.options.clock.setTimer(() => child.kill('SIGKILL'), this.options.stopTimeout);
    await this.exited;
    cancelKill();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Runs the app's job once; resolves with the outcome (crashed if the process died meanwhile). */
  run(runId: number, opts: RunOptions = {}): Promise<{ ok: boolean; error?: string; crashed?: boolean }> {
    if (!this.child || this.state !== 'running') {
      return Promise.resolve({ ok: false, error: `app is ${this.state}` });
    }
    const set = opts.set && Object.keys(opts.set).length ? { set: opts.set } : {};
    return new Promise((resolve) => {
      this.runs.set(runId, { resolve });
      const occurrence = opts.occurrence != null ? { occurrence: opts.occurrence } : {};
      this.send({ t: 'run', runId, ...(opts.dryRun ? { dryRun: true } : {}), ...set, ...occurrence });
    });
  }

  /** Runs one of the app's actions in its process; the value is what the action returned. */
  action(action: string, args: Record<string, unknown>): Promise<ActionOutcome> {
    return this.ask((id) => ({ t: 'action', id, action, args }));
  }

  /** Whether `with:` plus these overrides passes the app's options schema (ok, or the schema's message). */
  checkOptions(set: Record<string, unknown>): Promise<ActionOutcome> {
    return this.ask((id) => ({ t: 'check-options', id, set }));
  }

  private ask(message: (id: number) => ToApp): Promise<ActionOutcome> {
    return this.exchange(this.actions, { ok: false, error: `app is ${this.state}` }, message);
  }

  /** Sends a numbered request and waits for its answer; `down` when no process is running. */
  private exchange<T>(waiters: Map<number, Waiter<T>>, down: T, message: (id: number) => ToApp): Promise<T> {
    if (!this.child || this.state !== 'running') return Promise.resolve(down);
    const id = this.nextId++;
    return new Promise((resolve) => {
      waiters.set(id, { resolve });
      this.send(message(id));
    });
  }

  /**
   * Hands an inbound event to the app. `crashed`: the process died before it said it was done;
   * `down`: it was not running, so nobody saw the event.
   */
  deliver(
    inboxId: number,
    event: InboundData,
  ): Promise<{ ok: boolean; error?: string; crashed?: boolean; down?: boolean }> {
    if (!this.child || this.state !== 'running')
      return Promise.resolve({ ok: false, error: `app is ${this.state}`, down: true });
    return new Promise((resolve) => {
      this.events.set(inboxId, { resolve });
      this.send({ t: 'event', inboxId, event });
    });
  }

  request(req: HttpRequest): Promise<{ res: HttpResponse | null; error?: string }> {
    return this.exchange(this.requests, { res: null, error: `app is ${this.state}` }, (id) => ({
      t: 'http',
      id,
      req,
    }));
  }

  /** Asks the app to validate answers or to take them (forms); `ok: false` when it is not running. */
  formCall(op: 'validate' | 'submit', submission: FormSubmission): Promise<FormCallResult> {
    const down = { ok: false as const, error: `app is ${this.state}` };
    return this.exchange(this.formCalls, down, (id) => ({ t: 'form', id, op, submission }));
  }

  private cancelBackoff(): void {
    this.cancelRestart?.();
    this.cancelRestart = null;
    this.restartAt = null;
  }

  /** Cluster mode: this node took the app's lease; a standby app may start() now. */
  lead(): void {
    const child = this.child;
    if (!child || this.state !== 'standby') return;
    this.setState('starting');
    this.send({ t: 'lead' });
    this.armStartTimer(child);
  }

  /** Resolves once the app is running, crashed, in backoff or standby (at once when it already is). */
  whenSettled(): Promise<void> {
    if (SETTLED.includes(this.state)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push({ resolve }));
  }

  private settle(): void {
    for (const w of this.readyWaiters.splice(0)) w.resolve();
  }

  private setState(state: AppState): void {
    this.state = state;
    this.options.onState(state);
    if (SETTLED.includes(state) || state === 'stopped') this.settle();
  }

  private send(message: ToApp): void {
    this.child?.send?.(message, (err) => {
      if (err) this.options.log.debug({ app: this.name, err: errorMessage(err) }, 'ipc send failed');
    });
  }

  private spawn(): void {
    this.setState('starting');
    this.ready = null;
    let child: AppChild;
    try {
      child = this.fork();
    } catch (err) {
      this.spawnFailed(err);
      return;
    }
    this.child = child;
    this.health.reset(this.options.clock.now());
    this.pid = child.pid ?? null;
    this.startedAt = this.options.clock.now();
    let resolveExit!: () => void;
    this.exited = new Promise((r) => {
      resolveExit = r;
    });
    child.on('message', (msg: FromApp) => this.onMessage(msg));
    child.on('error', (err) => {
      // No pid: the process never existed (Node reports that as an error, without an exit).
      if (child.pid === undefined && this.child === child) {
        this.child = null;
        this.spawnFailed(err);
        return;
      }
      this.lastError = errorMessage(err);
    });
    child.on('exit', (code, signal) => {
      this.onExit(code, signal);
      resolveExit();
    });
    const heartbeatEvery = Math.min(1000, Math.max(50, (this.options.unresponsiveAfter ?? 30_000) / 4));
    this.send({ t: 'init', init: { ...this.options.init, heartbeatEvery } });
    this.armStartTimer(child);
  }

  /** A start() that never resolves must not hang the daemon's start or reload. */
  private armStartTimer(child: AppChild): void {
    const startTimeout = this.options.startTimeout ?? 30_000;
    if (!startTimeout) return; // 0: no limit
    const cancelStartTimer = this.options.clock.setTimer(() => {
      if (this.child !== child || this.state !== 'starting') return;
      // Worded in full now: `status` may read it before the exit arrives.
      this.lastError = `start() did not finish within ${startTimeout / 1000}s (killed by SIGKILL)`;
      child.kill('SIGKILL');
    }, startTimeout);
    child.once('exit', cancelStartTimer);
  }

  /** EACCES on the log folder and the like: restarting cannot help, and a ghost `starting` app would hide it. */
  private spawnFailed(err: unknown): void {
    this.lastError = `could not start the app process: ${errorMessage(err)}`;
    this.options.log.error({ app: this.name, err: this.lastError }, 'app process did not start');
    this.setState('crashed');
  }

  private fork(): AppChild {
    const env = { ...appEnvironment(process.env, this.options.env), OPSBOT_APP: this.name };
    const child =
      this.options.isolation === 'thread'
        ? threadHost.spawn({ app: this.name, env, ...this.health.threadLimits() })
        : this.forkProcess(env);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) => this.options.output.write(l));
    }
    return child;
  }

  private forkProcess(env: Record<string, string>): AppChild {
    // The daemon's compile cache, if it has one, serves its apps too (sdk/host/boot.ts).
    const cacheDir = module.getCompileCacheDir();
    return fork(HOST, cacheDir ? [cacheDir] : [], {
      execArgv: ['--disable-warning=ExperimentalWarning', ...this.health.execArgv()],
      serialization: 'advanced',
      // Piped through the daemon, not a file descriptor: the daemon rotates the file and drops lines on a full disk.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env,
    });
  }

  private onMessage(msg: FromApp): void {
    switch (msg.t) {
      case 'ready':
        this.ready = msg.ready;
        this.registered = msg.ready;
        // Loading the module may block the loop for a while: silence counts from ready on.
        this.health.beat(this.options.clock.now());
        this.lastError = null;
        this.setState('running');
        this.options.onReady(msg.ready);
        return;
      case 'fatal':
        this.lastError = msg.error;
        return;
      case 'standby':
        this.health.beat(this.options.clock.now());
        this.setState('standby');
        this.options.onStandby?.();
        return;
      case 'heartbeat':
        this.health.beat(this.options.clock.now());
        return;
      case 'run-done':
        this.take(this.runs, msg.runId)?.resolve({ ok: msg.ok, error: msg.error });
        return;
      case 'event-done':
        this.take(this.events, msg.inboxId)?.resolve({ ok: msg.ok, error: msg.error });
        return;
      case 'http-res':
        this.take(this.requests, msg.id)?.resolve({ res: msg.res, error: msg.error });
        return;
      case 'wants-messages':
        // The router reads `ready` on every event, so this takes effect for the very next message.
        if (this.ready) this.ready = { ...this.ready, messages: true };
        return;
      case 'form-res':
        this.take(this.formCalls, msg.id)?.resolve(
          msg.ok
            ? { ok: true, errors: msg.errors ?? null, taken: msg.taken ?? false }
            : { ok: false, error: msg.error },
        );
        return;
      case 'action-done':
        this.take(this.actions, msg.id)?.resolve(
          msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error ?? 'failed' },
        );
        return;
      case 'call':
        this.options.hostCall(msg.method, msg.args).then(
          (value) => this.send({ t: 'reply', id: msg.id, ok: true, value }),
          (err) =>
            this.send({
              t: 'reply',
              id: msg.id,
              ok: false,
              error: errorMessage(err),
              ...(err instanceof OpsbotError ? { code: err.code } : {}),
            }),
        );
        return;
    }
  }

  private take<T>(map: Map<number, T>, id: number): T | undefined {
    const value = map.get(id);
    map.delete(id);
    return value;
  }

  private failPending(reason: string): void {
    const fail = <T>(waiters: Map<number, Waiter<T>>, value: T) => {
      for (const w of waiters.values()) w.resolve(value);
      waiters.clear();
    };
    fail(this.runs, { ok: false, error: reason, crashed: true });
    fail(this.events, { ok: false, error: reason, crashed: true });
    fail(this.requests, { res: null, error: reason });
    fail(this.formCalls, { ok: false, error: reason });
    fail(this.actions, { ok: false, error: reason });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const uptime = this.options.clock.now() - (this.startedAt ?? 0);
    this.lastExit = { code, signal };
    this.child = null;
    this.pid = null;
    this.startedAt = null;
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    this.failPending(`app process ${how}`);
    if (!this.wanted) {
      this.setState('stopped');
      return;
    }
    this.lastError = this.health.exitReason(code, signal) ?? this.lastError ?? `process ${how}`;
    if (!this.lastError.includes(how)) this.lastError = `${this.lastError} (${how})`;
    this.restartReason = this.lastError;
    this.options.log.warn(
      { app: this.name, code, signal, reason: this.lastError },
      'app exited unexpectedly',
    );
    if (code === EXIT_CONFIG) {
      this.options.onCrash(this.lastError, null);
      this.setState('crashed');
      return;
    }
    const stable = this.options.stableAfter ?? 30_000;
    this.consecutiveCrashes = uptime >= stable ? 1 : this.consecutiveCrashes + 1;
    // No jitter (random = 1): one app's restarts do not stampede anything, and `status` can say when.
    const delay = retryDelay(this.consecutiveCrashes, this.options.restart ?? DEFAULT_RESTART, () => 1);
    this.restartAt = this.options.clock.now() + delay;
    this.options.onCrash(this.lastError, delay);
    this.setState('backoff');
    this.cancelRestart = this.options.clock.setTimer(() => {
      this.cancelRestart = null;
      this.restartAt = null;
      if (!this.wanted) return;
      this.restarts++;
      this.spawn();
    }, delay);
  }
}
