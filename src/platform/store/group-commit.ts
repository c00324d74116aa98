import type { CompiledQuery, QueryResult } from 'kysely';
import type { BatchOutcome } from './sqlite-database.ts';

/** At most this many writes share one transaction, so one commit never holds the thread for long. */
const MAX_BATCH = 512;
/** How long a 'soon' write may wait for company before it is committed on its own. */
const SOON_MS = 5;

/**
 * 'now': someone is waiting (a webhook's ack): commit at the end of this event-loop turn.
 * 'soon': bookkeeping nobody waits on: ride along with the next 'now' commit, or within SOON_MS.
 */
export type WriteUrgency = 'now' | 'soon';

interface Pending {
  query: CompiledQuery;
  resolve(result: QueryResult<unknown>): void;
  reject(error: unknown): void;
}

/**
 * Group commit for SQLite. Every write queued during one turn of the event loop (say, the inbox rows
 * of all the webhook requests read in that turn) runs in one transaction at the end of the turn
 * (setImmediate), so they share one commit and the pages they touch are written once. A write's
 * promise settles only after that commit, so a caller that awaits it knows its row is stored.
 * Writes run in the order they were queued, whatever their urgency.
 */
export class GroupCommit {
  readonly #run: (queries: CompiledQuery[]) => Promise<BatchOutcome[]>;
  #queue: Pending[] = [];
  #immediate: NodeJS.Immediate | undefined;
  #timer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];

  /** `run` executes a batch in one transaction (see NodeSqliteDatabase.batch). */
  constructor(run: (queries: CompiledQuery[]) => Promise<BatchOutcome[]>) {
    this.#run = run;
  }

  write<R>(query: CompiledQuery<R>, urgency: WriteUrgency = 'now'): Promise<QueryResult<R>> {
    return new Promise<QueryResult<R>>((resolve, reject) => {
      this.#queue.push({ query, resolve: resolve as Pending['resolve'], reject });
      this.#schedule(urgency);
    });
  }

  /** Resolves once every write queued so far has been committed (or has failed); for close(). */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    if (this.#queue.length > 0) this.#schedule('now');
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #schedule(urgency: WriteUrgency): void {
    if (this.#immediate) return;
    if (urgency === 'now') {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#immediate = setImmediate(this.#fire);
    } else {
      this.#timer ??= setTimeout(this.#fire, SOON_MS);
    }
  }

  readonly #fire = (): void => {
    clearImmediate(this.#immediate);
    clearTimeout(this.#timer);
    this.#immediate = undefined;
    this.#timer = undefined;
    void this.#flush();
  };

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (this.#queue.length > 0) this.#schedule('now');
    this.#inFlight++;
    try {
      const outcomes = await this.#run(batch.map((pending) => pending.query));
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (!outcome) pending.reject(new Error('group commit returned no result for a write'));
        else if ('error' in outcome) pending.reject(outcome.error);
        else pending.resolve({ rows: outcome.rows, numAffectedRows: BigInt(outcome.changes) });
      });
    } catch (err) {
      // The transaction as a whole failed: none of these writes is stored.
      for (const pending of batch) pending.reject(err);
    } finally {
      this.#inFlight--;
      if (this.#queue.length === 0 && this.#inFlight === 0) {
        for (const resolve of this.#idleWaiters.splice(0)) resolve();
      }
    }
  }
}
