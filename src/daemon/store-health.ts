import { statfs } from 'node:fs/promises';
import type { Clock } from '../platform/clock.ts';
import { errorMessage } from '../platform/errors.ts';
import type { Logger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';

/** Below this many free bytes on dataDir's filesystem the store is treated as unable to write. */
export const MIN_FREE_BYTES = 1024 * 1024;
const CHECK_EVERY = 2000;

export interface StoreHealthOptions {
  store: Store;
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** Filesystem free bytes; the real statfs unless a test says otherwise. */
  freeBytes?: (dir: string) => Promise<number>;
}

export interface HealthState {
  ok: boolean;
  cause?: string;
}

async function statfsFree(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/**
 * Whether the store can write, for /healthz and inbound hooks. Checked every 2 s: the free space on
 * dataDir's filesystem, then a one-row write to the store. A store write that fails elsewhere
 * (`failed(err)`) marks it at once. It turns healthy again by itself once a check passes, so a
 * daemon on a disk that filled up recovers without a restart.
 */
export class StoreHealth {
  private readonly options: StoreHealthOptions;
  private state: HealthState = { ok: true };
  private cancel: (() => void) | null = null;
  private checking: Promise<void> = Promise.resolve();

  constructor(options: StoreHealthOptions) {
    this.options = options;
  }

  get current(): HealthState {
    return this.state;
  }

  start(): void {
    const tick = () => {
      this.checking = this.check();
      this.cancel = this.options.clock.setTimer(tick, CHECK_EVERY);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    await this.checking;
  }

  /** A store write failed: unhealthy until the next check passes. */
  failed(err: unknown): void {
    this.set({ ok: false, cause: `store cannot write: ${errorMessage(err)}` });
  }

  async check(): Promise<void> {
    const { store, dataDir, clock } = this.options;
    try {
      const free = await (this.options.freeBytes ?? statfsFree)(dataDir);
      if (free < MIN_FREE_BYTES) {
        this.set({ ok: false, cause: `no space left on device: ${free} bytes free for dataDir ${dataDir}` });
        return;
      }
      await store.kv.set('_health', 'probe', clock.now());
      this.set({ ok: true });
    } catch (err) {
      this.failed(err);
    }
  }

  private set(next: HealthState): void {
    const was = this.state;
    this.state = next;
    if (was.ok && !next.ok) this.options.log.error({ cause: next.cause }, 'the store cannot write');
    else if (!was.ok && next.ok) this.options.log.info({ was: was.cause }, 'the store writes again');
  }
}
