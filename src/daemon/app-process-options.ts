import type { AppInit, AppReady, HostMethod } from '../contracts/app-ipc.ts';
import type { FormErrors } from '../contracts/forms.ts';
import type { BackoffOptions } from '../platform/backoff.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';

/** `standby`: cluster mode, a singleton app loaded on this node while another node holds its lease. */
export const APP_STATES = [
  'starting',
  'running',
  'stopping',
  'stopped',
  'backoff',
  'crashed',
  'standby',
] as const;
export type AppState = (typeof APP_STATES)[number];

export type Isolation = 'process' | 'thread';

export interface AppProcessOptions {
  init: AppInit;
  /** Where the app's stdout and stderr go, line by line (its rotated log file). */
  output: { write(line: string): void };
  /** Extra environment for the child (OPSBOT_DATA_DIR and the like). */
  env?: Record<string, string>;
  /** Ms between SIGTERM and SIGKILL. */
  stopTimeout: number;
  clock: Clock;
  log: Logger;
  /** Serves the app's calls to the daemon (store, outbox, calendar, connectors). */
  hostCall(method: HostMethod, args: unknown[]): Promise<unknown>;
  onReady(ready: AppReady): void;
  /** Cluster mode: a singleton app is loaded and waits for lead() (this node must take its lease). */
  onStandby?(): void;
  onState(state: AppState): void;
  /** Called after an unexpected exit, before the restart is scheduled. */
  onCrash(reason: string, restartInMs: number | null): void;
  /** Restart delays after crashes (config `restart`): `backoff` ms, doubling per consecutive crash, at most `maxBackoff`. Default 1 s and 5 min. */
  restart?: BackoffOptions;
  /** A process that stayed up this long resets the backoff. Default 30000. */
  stableAfter?: number;
  /** An app whose start() has not finished after this many ms is killed (and restarted with backoff). Default 30000. */
  startTimeout?: number;
  /** Heartbeat silence (ms) after which `status` shows the app unresponsive. Default 30000; 0 = never. */
  unresponsiveAfter?: number;
  /** Heap limit in MB (config `memoryLimit`); over it V8 aborts the process and it is restarted. */
  memoryLimitMb?: number;
  /** `process` (default): a child process of its own; `thread`: a worker thread in the shared app host. */
  isolation?: Isolation;
}

export type FormCallResult =
  | { ok: true; errors: FormErrors | null; taken: boolean }
  | { ok: false; error: string };

/** How an action (or an options check) ended in the app's process. */
export type ActionOutcome = { ok: true; value: unknown } | { ok: false; error: string };

export interface RunOptions {
  dryRun?: boolean;
  /** `--set` overrides of `with:` for this run only (the app checks them with its schema). */
  set?: Record<string, unknown>;
  /** The scheduled instant (ms) the run stands for: ctx.occurrence. */
  occurrence?: number | null;
}
