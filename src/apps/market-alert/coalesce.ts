import { createHash } from 'node:crypto';
import type { AppStore, Clock } from 'opsbot';
import { type Batch, inBatch } from './batch.ts';
import type { Alert } from './rules.ts';

/**
 * Coalescing of repeats: the same text from the same source (and of the same type) within a window.
 *
 * Design: the first alert is sent AT ONCE (coalescing never delays an alert anyone has not seen);
 * it opens a window of `windowMs`. Repeats inside the window are only counted. When the window
 * ends, one summary "×N" (N = all occurrences, the first included) is sent if at least one repeat
 * came; the next occurrence after that opens a new window and is again sent at once.
 *
 * The state lives in the store (`c/<hash>`), so counts and pending summaries survive a restart;
 * an expired window found at start is summarised at once. `lastSeq` makes a replayed journal entry
 * count only once.
 *
 * Changes go into a Batch (batch.ts) that the pipeline commits with the alerts' messages and journal
 * removals in one transaction; without one (tests, a single call) each change is written at once.
 */
export interface CoalesceEntry {
  key: string;
  first: Alert;
  count: number;
  until: number;
  lastSeq: number;
}

export type Offer = 'send' | 'counted' | 'replayed';

interface CoalescerDeps {
  store: AppStore;
  clock: Clock;
  windowMs: number;
  /** Runs a task in the app's serial queue (so timers never race the processor). */
  schedule: (task: () => Promise<void>) => void;
  /** Adds the "×N" summary of a closed window to the batch. */
  summarize: (entry: CoalesceEntry, batch: Batch) => Promise<void> | void;
  /** Commits a batch of a closing window. Default: its state changes go to the store. */
  commit?: (batch: Batch) => Promise<unknown>;
}

export class Coalescer {
  static readonly PREFIX = 'c/';
  private readonly entries = new Map<string, CoalesceEntry>();
  private readonly timers = new Map<string, () => void>();

  private readonly deps: CoalescerDeps;

  constructor(deps: CoalescerDeps) {
    this.deps = deps;
  }

  get enabled(): boolean {
    return this.deps.windowMs > 0;
  }

  static keyOf(alert: Pick<Alert, 'source' | 'type' | 'text'>): string {
    const hash = createHash('sha256').update(`${alert.source}\0${alert.type}\0${alert.text}`).digest('hex');
    return hash.slice(0, 32);
  }

  /** Restores windows of the previous run and arms their timers (expired ones fire right away). */
  async load(): Promise<void> {
    for (const { value } of await this.deps.store.list(Coalescer.PREFIX)) {
      const entry = value as CoalesceEntry;
      if (!entry?.key) continue;
      this.entries.set(entry.key, entry);
      this.arm(entry);
    }
  }

  /** What to do with an alert: send it (a new window), or it was counted into an open one. */
  async offer(alert: Alert, batch?: Batch): Promise<Offer> {
    if (!this.enabled) return 'send';
    const key = Coalescer.keyOf(alert);
    const open = this.entries.get(key);
    if (open && alert.seq <= open.lastSeq) return 'replayed';
    if (!open || this.deps.clock.now() >= open.until) return 'send';
    open.count++;
    open.lastSeq = alert.seq;
    await this.within(batch, (b) => b.set(Coalescer.PREFIX + key, open));
    return 'counted';
  }

  /**
   * Call once the first alert of a window is sent (or is in the same batch as its message): opens
   * the window, closing an expired one of the same key first.
   */
  async opened(alert: Alert, batch?: Batch): Promise<void> {
    if (!this.enabled) return;
    await this.within(batch, async (b) => {
      const key = Coalescer.keyOf(alert);
      const previous = this.entries.get(key);
      if (previous) await this.close(previous, b);
      const entry: CoalesceEntry = {
        key,
        first: alert,
        count: 1,
        until: this.deps.clock.now() + this.deps.windowMs,
        lastSeq: alert.seq,
      };
      this.entries.set(key, entry);
      b.set(Coalescer.PREFIX + key, entry);
      this.arm(entry);
    });
  }

  /**
   * The window opened by an alert whose message could not be queued (a bad target) is dropped, as if
   * never opened, so the next occurrence is tried again. Returns the key to delete from the store.
   */
  forget(alert: Alert): string | null {
    const key = Coalescer.keyOf(alert);
    const entry = this.entries.get(key);
    if (!entry || entry.first.seq !== alert.seq) return null;
    this.timers.get(key)?.();
    this.timers.delete(key);
    this.entries.delete(key);
    return Coalescer.PREFIX + key;
  }

  /** Whether an alert was already counted (a journal replay after a crash). */
  seen(alert: Alert): boolean {
    const open = this.entries.get(Coalescer.keyOf(alert));
    return !!open && alert.seq <= open.lastSeq;
  }

  openWindows(): number {
    return this.entries.size;
  }

  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** Forgets what is in memory and reads the store again (after a commit failed). */
  async reload(): Promise<void> {
    this.stop();
    this.entries.clear();
    await this.load();
  }

  private arm(entry: CoalesceEntry): void {
    this.timers.get(entry.key)?.();
    const cancel = this.deps.clock.setTimer(
      () =>
        this.deps.schedule(async () => {
          if (this.entries.get(entry.key) === entry)
            await this.within(undefined, (b) => this.close(entry, b));
        }),
      Math.max(0, entry.until - this.deps.clock.now()),
    );
    this.timers.set(entry.key, cancel);
  }

  /** Ends a window: the summary if repeats came, then forget it. */
  private async close(entry: CoalesceEntry, batch: Batch): Promise<void> {
    this.timers.get(entry.key)?.();
    this.timers.delete(entry.key);
    if (entry.count > 1) await this.deps.summarize(entry, batch);
    this.entries.delete(entry.key);
    batch.delete(Coalescer.PREFIX + entry.key);
  }

  /** Into the caller's batch, or one of its own committed at once. */
  private within(batch: Batch | undefined, work: (batch: Batch) => Promise<void> | void): Promise<void> {
    const commit = this.deps.commit ?? ((b: Batch) => this.deps.store.write(b.changes()));
    return inBatch(batch, commit, work);
  }
}
