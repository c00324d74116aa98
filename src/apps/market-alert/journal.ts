import type { AppStore, Clock } from 'opsbot';
import type { Alert } from './rules.ts';

/** Entries per journal write: one round trip to the daemon, one transaction. */
const MAX_APPEND = 1000;

interface Waiting {
  entry: Alert;
  resolve(entry: Alert): void;
  reject(err: unknown): void;
}

/**
 * The write-ahead journal of accepted alerts, in the app's store under `j/<seq>`.
 *
 * An alert counts as accepted once `append` resolved: only then does a listener acknowledge it
 * (HTTP 202, the optional FEP ACK / NDJSON "ok"; the old FEP protocol has no acknowledgement, so
 * there a frame is accepted silently when journaled). Appends are group-committed: every alert
 * accepted in one turn of the event loop (and those arriving while a write is under way) goes in
 * one `store.write`, so a burst costs one round trip per batch, not per alert. Writes run one at a
 * time, so entries are journaled - and handed on - in sequence order.
 *
 * An entry is removed in the same transaction that queues its messages or folds it into
 * coalescing / maintenance state (see batch.ts), so it is processed exactly once. On start,
 * leftovers are replayed first, so a restart - even kill -9 - loses nothing.
 *
 * Sequence numbers are max(last + 1, now × 1000): increasing across restarts without a counter
 * write per alert, ordered like arrival, and below 2^53 for centuries.
 */
export class Journal {
  static readonly PREFIX = 'j/';
  private last = 0;
  private waiting: Waiting[] = [];
  private writing = false;
  private flushQueued = false;

  private readonly store: AppStore;
  private readonly clock: Clock;

  constructor(store: AppStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  static key(seq: number): string {
    return `${Journal.PREFIX}${String(seq).padStart(16, '0')}`;
  }

  /** The entries left by a previous run, oldest first; also moves the sequence past them. */
  async leftovers(): Promise<Alert[]> {
    const entries = await this.store.list(Journal.PREFIX);
    const alerts = entries
      .map((e) => e.value as Alert)
      .filter((a) => a && typeof a.seq === 'number')
      .sort((a, b) => a.seq - b.seq);
    for (const a of alerts) this.last = Math.max(this.last, a.seq);
    return alerts;
  }

  next(): number {
    this.last = Math.max(this.last + 1, this.clock.now() * 1000);
    return this.last;
  }

  /** Resolves with the entry once it is durable; appends resolve in sequence order. */
  append(alert: Omit<Alert, 'seq'>): Promise<Alert> {
    const entry = { ...alert, seq: this.next() } as Alert;
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.flushQueued) return;
    this.flushQueued = true;
    // After this turn of the event loop: whatever the sockets delivered in it shares the write.
    setImmediate(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, MAX_APPEND);
    try {
      await this.store.write({ set: batch.map((w) => ({ key: Journal.key(w.entry.seq), value: w.entry })) });
      for (const w of batch) w.resolve(w.entry);
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.writing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}
