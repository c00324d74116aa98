import type { FromApp, ToApp } from './app-ipc.ts';

/**
 * Messages between the daemon and the shared app host of `isolation: thread` apps (Node IPC,
 * advanced serialization). The host runs each app in a worker thread; `id` names that worker and
 * `msg` is the same ToApp/FromApp an app process exchanges with the daemon.
 */

export interface ThreadSpawn {
  /** The app's name, for messages about it. */
  app: string;
  /** The worker's whole environment (app-env.ts): an app sees only what its config gives it. */
  env: Record<string, string>;
  /** The worker's heap limit in MB (config `memoryLimit`); none: Node's own. */
  memoryLimitMb?: number;
}

export type ToThreadHost =
  | { t: 'spawn'; id: number; spawn: ThreadSpawn }
  | { t: 'to'; id: number; msg: ToApp }
  /** Ends the worker now, even in a busy loop (worker.terminate()): the thread's SIGKILL. */
  | { t: 'terminate'; id: number };

export type FromThreadHost =
  | { t: 'from'; id: number; msg: FromApp }
  /** A chunk the app wrote to its stdout (fd 1) or stderr (fd 2). */
  | { t: 'out'; id: number; fd: 1 | 2; data: string }
  /**
   * The worker ended. `signal` is SIGKILL when the daemon terminated it; a worker stopped at its
   * heap limit reports code 134, as a process that V8 aborts does.
   */
  | { t: 'exit'; id: number; code: number | null; signal: 'SIGKILL' | null };

/** The exit code reported for a worker stopped at its heap limit (128 + SIGABRT, as for a process). */
export const EXIT_OUT_OF_MEMORY = 134;
