import type { AppMethod } from './daemon-api/app.ts';
import type { FormErrors, FormSubmission } from './forms.ts';
import type { HttpRequest, HttpResponse } from './http.ts';
import type { InboundEvent as InboundData } from './inbound.ts';
import type { ScheduleSpec } from './schedule.ts';

/** Messages between the daemon and an app's child process (Node IPC, advanced serialization). */

export interface AppInit {
  app: string;
  /** builtin:<name> or an absolute module path. */
  module: string;
  options: Record<string, unknown>;
  timezone: string;
  logLevel: string;
  /** Ms between heartbeats the app sends (a blocked event loop stops them); set by the daemon. */
  heartbeatEvery?: number;
  /**
   * Cluster mode: a singleton app (the config's `singleton`, else the app's, else "has a start()")
   * reports `standby` and calls start() only after `lead`, so one node at a time holds its sockets.
   */
  cluster?: { singleton?: boolean };
}

export type ToApp =
  | { t: 'init'; init: AppInit }
  /** `occurrence`: the scheduled instant (ms) a schedule's run stands for; absent for `opsbot run`. */
  | { t: 'run'; runId: number; dryRun?: boolean; set?: Record<string, unknown>; occurrence?: number }
  /** Cluster mode: this node now holds the app's lease; a singleton app waiting in standby may start(). */
  | { t: 'lead' }
  /** Runs a named action of the app (`opsbot do`); answered with action-done. */
  | { t: 'action'; id: number; action: string; args: Record<string, unknown> }
  /** Checks `with:` plus --set overrides against the app's schema; answered with action-done. */
  | { t: 'check-options'; id: number; set: Record<string, unknown> }
  | { t: 'event'; inboxId: number; event: InboundData }
  | { t: 'http'; id: number; req: HttpRequest }
  | { t: 'stop' }
  /** Forms: run the app's `validate` over answers, or hand it answers that passed (see engine/forms). */
  | { t: 'form'; id: number; op: 'validate' | 'submit'; submission: FormSubmission }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string; code?: string };

export interface AppReady {
  hasRun: boolean;
  messages: boolean;
  commands: string[];
  /** Event types with onEvent handlers ('*' = all). */
  events: string[];
  routes: Array<{ method: string; path: string }>;
  schedule?: ScheduleSpec;
  /** Names of the app's actions (`opsbot do APP ACTION`). */
  actions?: string[];
  /** The app declared `dryRun: true` (it honours ctx.dryRun). */
  dryRun?: boolean;
  /** Runs on one node of a cluster at a time (under a lease). */
  singleton?: boolean;
}

export type FromApp =
  | { t: 'ready'; ready: AppReady }
  | { t: 'fatal'; error: string }
  /** Cluster mode: a singleton app is loaded and waits for `lead` before start(). */
  | { t: 'standby' }
  /** "My event loop turns": sent every AppInit.heartbeatEvery ms. */
  | { t: 'heartbeat' }
  | { t: 'run-done'; runId: number; ok: boolean; error?: string }
  | { t: 'event-done'; inboxId: number; ok: boolean; error?: string }
  | { t: 'http-res'; id: number; res: HttpResponse | null; error?: string }
  | { t: 'action-done'; id: number; ok: boolean; value?: unknown; error?: string }
  | { t: 'call'; id: number; method: HostMethod; args: unknown[] }
  /** The app opened a conversation: route it every chat message from now on (the answers), as if ready.messages. */
  | { t: 'wants-messages' }
  /** validate → errors (null when fine); submit → whether a receiver took the answers. */
  | { t: 'form-res'; id: number; ok: true; errors?: FormErrors | null; taken?: boolean }
  | { t: 'form-res'; id: number; ok: false; error: string };

/** The app API's methods (src/contracts/daemon-api/app.ts). */
export type HostMethod = AppMethod;

/** Exit code an app uses when it cannot start because of its config: restarting won't help. */
export const EXIT_CONFIG = 78;
