import type { AppStore, Clock } from 'opsbot';
import type { Alert } from './rules.ts';

/**
 * The write-ahead journal of accepted alerts, in the app's store under `j/<seq>`.
 *
 * An alert counts as accepted once `append` resolved: only then does a listener acknowledge it
 * (HTTP 202, the optional FEP ACK / NDJSON "ok"; the old FEP protocol has no acknowledgement, so
 * there a frame is accepted silently when journaled). An entry is removed only after its
 * `ctx.notify` resolved (the outbox owns it from then on) or after it was folded into durable
 * coalescing / maintenance state. On start, leftovers are replayed first, so a restart - even
 * kill -9 - loses nothing; an alert whose notify resolved but whose removal did not happen is sent
 * again (at-least-once).
 *
 * Sequence numbers are max(last + 1, now × 1000): increasing across restarts without a counter
 * write per alert, ordered like arrival, and below 2^53 for centuries.
 */
export class Journal {
  static readonly PREFIX = 'j/';
  private last = 0;

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

  async append(alert: Omit<Alert, 'seq'>): Promise<Alert> {
    const entry = { ...alert, seq: this.next() } as Alert;
    await this.store.set(Journal.key(entry.seq), entry);
    return entry;
  }

  async remove(seq: number): Promise<void> {
    await this.store.delete(Journal.key(seq));
  }
}
