import type { EnqueueRequest } from '../engine/outbox/outbox.ts';
import type { Clock } from '../platform/clock.ts';
import { errorMessage } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';

/** The target people configure to hear about crashes (`targets: { admin: … }`). */
export const ADMIN_TARGET = 'admin';
/** At most one message per app in this window; crashes in between are counted into the next one. */
const WINDOW_MS = 10 * 60_000;

export interface CrashNotifierOptions {
  clock: Clock;
  log: Logger;
  /** Whether the `admin` target exists in the current config. */
  hasAdmin(): boolean;
  enqueue(request: EnqueueRequest): Promise<unknown>;
}

/**
 * Tells the `admin` target when an app crashes or goes into backoff, rate-limited per app so a
 * crash loop is one message per window rather than one per restart.
 */
export class CrashNotifier {
  private readonly options: CrashNotifierOptions;
  private readonly lastSent = new Map<string, number>();
  private readonly held = new Map<string, number>();

  constructor(options: CrashNotifierOptions) {
    this.options = options;
  }

  /** An app's process ended unexpectedly; `restartInMs` null when it will not be restarted. */
  crashed(app: string, reason: string, restartInMs: number | null): void {
    if (!this.options.hasAdmin()) return;
    const now = this.options.clock.now();
    const last = this.lastSent.get(app);
    if (last !== undefined && now - last < WINDOW_MS) {
      this.held.set(app, (this.held.get(app) ?? 0) + 1);
      return;
    }
    const more = this.held.get(app) ?? 0;
    this.held.delete(app);
    this.lastSent.set(app, now);
    const next =
      restartInMs === null
        ? 'it stays down until fixed (opsbot restart)'
        : `restarting in ${restartInMs < 1000 ? `${restartInMs}ms` : `${Math.round(restartInMs / 1000)}s`}`;
    const since = more ? ` (${more} more crash${more === 1 ? '' : 'es'} since the last message)` : '';
    const text = `opsbot: app ${app} crashed: ${reason}; ${next}${since}`;
    this.options
      .enqueue({ app: null, target: ADMIN_TARGET, kind: 'portable', payload: { text } })
      .catch((err) =>
        this.options.log.warn({ app, err: errorMessage(err) }, 'could not notify admin of a crash'),
      );
  }
}
