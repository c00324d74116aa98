import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config/schema.ts';
import { errorMessage } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';

/** How often old rows are purged; retention is counted in days, so hourly is plenty. */
export const SWEEP_EVERY = 3_600_000;

export interface HousekeepingOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Read at each sweep, so a reload's new retention applies from the next one. */
  retention(): Pick<Config, 'outbox' | 'runs' | 'inbox'>;
}

export interface SweepResult {
  delivered: number;
  dead: number;
  runs: number;
  inbox: number;
  /** Cluster mode: occurrences claimed (schedule_fires) and nodes gone, past `runs.retention`. */
  fires: number;
  nodes: number;
  /** Console sessions past their expiry, and audit entries past AUDIT_KEEP or `runs.retention`. */
  sessions: number;
  audit: number;
}

/** The audit log is kept at least this long, whatever `runs.retention` says (accountability). */
export const AUDIT_KEEP = 90 * 86_400_000;

/**
 * Purges what the store would otherwise keep forever: delivered and dead outbox items past
 * `outbox.retention`, finished runs past `runs.retention`, and handled inbound events past
 * `inbox.retention` (by then no sender retries a callback, so the dedupe key is no longer needed),
 * expired console sessions, and audit entries older than `runs.retention` but never younger than
 * 90 days (who changed what is asked about long after the runs it touched are gone).
 */
export class Housekeeping {
  private readonly options: HousekeepingOptions;
  private cancel: (() => void) | null = null;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(options: HousekeepingOptions) {
    this.options = options;
  }

  /** Sweeps now, then every SWEEP_EVERY until stop(). */
  start(): void {
    const tick = () => {
      this.sweeping = this.sweep().catch((err) =>
        this.options.log.warn({ err: errorMessage(err) }, 'housekeeping failed; trying again later'),
      );
      this.cancel = this.options.clock.setTimer(tick, SWEEP_EVERY);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    await this.sweeping;
  }

  async sweep(): Promise<SweepResult> {
    const { store, clock, log } = this.options;
    const { outbox, runs, inbox } = this.options.retention();
    const now = clock.now();
    const result: SweepResult = {
      delivered: await store.outbox.purge({ status: 'delivered', before: now - outbox.retention }),
      dead: await store.outbox.purge({ status: 'dead', before: now - outbox.retention }),
      runs: await store.runs.prune(now - runs.retention),
      inbox: await store.inbox.prune(now - inbox.retention),
      fires: await store.fires.prune(now - runs.retention),
      nodes: await store.nodes.prune(now - runs.retention),
      sessions: await store.consoleSessions.prune(now),
      audit: await store.audit.prune(now - Math.max(runs.retention, AUDIT_KEEP)),
    };
    if (Object.values(result).some((n) => n > 0)) log.info(result, 'purged old rows');
    return result;
  }
}
