import { type ChildProcess, fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type AppInit,
  type AppReady,
  EXIT_CONFIG,
  type FromApp,
  type HostMethod,
  type ToApp,
} from '../contracts/app-ipc.ts';
import type { FormErrors, FormSubmission } from '../contracts/forms.ts';
import type { HttpRequest, HttpResponse } from '../contracts/http.ts';
import type { InboundEvent as InboundData } from '../contracts/inbound.ts';
import { type BackoffOptions, retryDelay } from '../platform/backoff.ts';
import type { Clock } from '../platform/clock.ts';
import { errorMessage, OpsbotError } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import { appEnvironment } from './app-env.ts';

export const APP_STATES = ['starting', 'running', 'stopping', 'stopped', 'backoff', 'crashed'] as const;
export type AppState = (typeof APP_STATES)[number];

const HOST = fileURLToPath(new URL('../sdk/host/app-host.ts', import.meta.url));

export interface AppProcessOptions {
  init: AppInit;
  /** Where the app's stdout and stderr go, line by line (its rotated log file). */
  output: { write(line: string): void };
  /** Extra environment for the child (OPSBOT_DATA_DIR and the like). */
  env?: Record<string, string>;
  /** Seconds between SIGTERM and SIGKILL. */
  stopTimeout: number;
  clock: Clock;
  log: Logger;
  /** Serves the app's calls to the daemon (store, outbox, calendar, connectors). */
  hostCall(method: HostMethod, args: unknown[]): Promise<unknown>;
  onReady(ready: AppReady): void;
  onState(state: AppState): void;
  /** Called after an unexpected exit, before the restart is scheduled. */
  onCrash(): void;
  /** Restart delays after crashes (config `restart`): `backoff` ms, doubling per consecutive crash, at most `maxBackoff`. Default 1 s and 5 min. */
  restart?: BackoffOptions;
  /** A process that stayed up this long resets the backoff. Default 30000. */
  stableAfter?: number;
  /** An app whose start() has not finished after this many ms is killed (and restarted with backoff). Default 60000. */
  startTimeout?: number;
}

export type FormCallResult =
  | { ok: true; errors: FormErrors | null; taken: boolean }
  | { ok: false; error: string };

const DEFAULT_RESTART: BackoffOptions = { backoff: 1000, maxBackoff: 300_000 };

interface Waiter<T> {
  resolve(value: T): void;
}

/** How an action (or an options check) ended in the app's process. */
export type ActionOutcome = { ok: true; value: unknown } | { ok: false; error: string };

export interface RunOptions {
  dryRun?: boolean;
  /** `--set` overrides of `with:` for this run only (the app checks them with its schema). */
  set?: Record<string, unknown>;
}

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
  /** How the last process ended. */
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private child: ChildProcess | null = null;
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

  constructor(options: AppProcessOptions) {
    this.options = options;
    this.name = options.init.app;
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
    const cancelKill = this.options.clock.setTimer(
      () => child.kill('SIGKILL'),
      this.options.stopTimeout * 1000,
    );
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
      this.send({ t: 'run', runId, ...(opts.dryRun ? { dryRun: true } : {}), ...set });
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
    if (!this.child || this.state !== 'running')
      return Promise.resolve({ ok: false, error: `app is ${this.state}` });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.actions.set(id, { resolve });
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
    if (!this.child || this.state !== 'running')
      return Promise.resolve({ res: null, error: `app is ${this.state}` });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.requests.set(id, { resolve });
      this.send({ t: 'http', id, req });
    });
  }

  /** Asks the app to validate answers or to take them (forms); `ok: false` when it is not running. */
  formCall(op: 'validate' | 'submit', submission: FormSubmission): Promise<FormCallResult> {
    if (!this.child || this.state !== 'running')
      return Promise.resolve({ ok: false, error: `app is ${this.state}` });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.formCalls.set(id, { resolve });
      this.send({ t: 'form', id, op, submission });
    });
  }

  private cancelBackoff(): void {
    this.cancelRestart?.();
    this.cancelRestart = null;
    this.restartAt = null;
  }

  private whenSettled(): Promise<void> {
    if (this.state === 'running' || this.state === 'crashed' || this.state === 'backoff')
      return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push({ resolve }));
  }

  private settle(): void {
    for (const w of this.readyWaiters.splice(0)) w.resolve();
  }

  private setState(state: AppState): void {
    this.state = state;
    this.options.onState(state);
    if (state === 'running' || state === 'crashed' || state === 'backoff' || state === 'stopped')
      this.settle();
  }

  private send(message: ToApp): void {
    this.child?.send?.(message, (err) => {
      if (err) this.options.log.debug({ app: this.name, err: errorMessage(err) }, 'ipc send failed');
    });
  }

  private spawn(): void {
    this.setState('starting');
    this.ready = null;
    const child = fork(HOST, [], {
      execArgv: ['--disable-warning=ExperimentalWarning'],
      serialization: 'advanced',
      // Piped through the daemon, not a file descriptor: the daemon rotates the file and drops lines on a full disk.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...appEnvironment(process.env, this.options.env), OPSBOT_APP: this.name },
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) =>
          this.options.output.write(l),
        );
    }
    this.child = child;
    this.pid = child.pid ?? null;
    this.startedAt = this.options.clock.now();
    let resolveExit!: () => void;
    this.exited = new Promise((r) => {
      resolveExit = r;
    });
    child.on('message', (msg: FromApp) => this.onMessage(msg));
    child.on('error', (err) => {
      this.lastError = errorMessage(err);
    });
    child.on('exit', (code, signal) => {
      this.onExit(code, signal);
      resolveExit();
    });
    this.send({ t: 'init', init: this.options.init });
    // A start() that never resolves must not hang the daemon's start or reload.
    const cancelStartTimer = this.options.clock.setTimer(() => {
      if (this.child !== child || this.state !== 'starting') return;
      this.lastError = `start() did not finish within ${(this.options.startTimeout ?? 60_000) / 1000}s`;
      child.kill('SIGKILL');
    }, this.options.startTimeout ?? 60_000);
    child.once('exit', cancelStartTimer);
  }

  private onMessage(msg: FromApp): void {
    switch (msg.t) {
      case 'ready':
        this.ready = msg.ready;
        this.registered = msg.ready;
        this.lastError = null;
        this.setState('running');
        this.options.onReady(msg.ready);
        return;
      case 'fatal':
        this.lastError = msg.error;
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
    for (const w of this.runs.values()) w.resolve({ ok: false, error: reason, crashed: true });
    for (const w of this.events.values()) w.resolve({ ok: false, error: reason, crashed: true });
    for (const w of this.requests.values()) w.resolve({ res: null, error: reason });
    for (const w of this.formCalls.values()) w.resolve({ ok: false, error: reason });
    this.formCalls.clear();
    for (const w of this.actions.values()) w.resolve({ ok: false, error: reason });
    this.actions.clear();
    this.runs.clear();
    this.events.clear();
    this.requests.clear();
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
    this.lastError = this.lastError ?? `process ${how}`;
    if (!this.lastError.includes(how)) this.lastError = `${this.lastError} (${how})`;
    this.options.log.warn({ app: this.name, code, signal }, 'app exited unexpectedly');
    this.options.onCrash();
    if (code === EXIT_CONFIG) {
      this.setState('crashed');
      return;
    }
    const stable = this.options.stableAfter ?? 30_000;
    this.consecutiveCrashes = uptime >= stable ? 1 : this.consecutiveCrashes + 1;
    // No jitter (random = 1): one app's restarts do not stampede anything, and `status` can say when.
    const delay = retryDelay(this.consecutiveCrashes, this.options.restart ?? DEFAULT_RESTART, () => 1);
    this.restartAt = this.options.clock.now() + delay;
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
