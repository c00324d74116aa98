import type { CompiledQuery, QueryResult } from 'kysely';
import type { BatchOutcome } from './sqlite-database.ts';

/** At most this many writes share one transaction, so one commit never holds the thread for long. */
const MAX_BATCH = 512;

interface Pending {
  query: CompiledQuery;
  resolve(result: QueryResult<unknown>): void;
  reject(error: unknown): void;
}

/**
 * Group commit for SQLite. Every write queued during one turn of the event loop (say, the inbox rows
 * of all the webhook requests read in that turn) runs in one transaction, at the end of the turn
 * (setImmediate), so they share one commit instead of paying one each. A write's promise settles
 * only after that commit, so a caller that awaits it knows its row is stored.
 */
export class GroupCommit {
  readonly #run: (queries: CompiledQuery[]) => Promise<BatchOutcome[]>;
  #queue: Pending[] = [];
  #scheduled = false;
  /** Resolved when the queue is empty and no batch is running; for close(). */
  #flushing: Promise<void> = Promise.resolve();

  /** `run` executes a batch in one transaction (see NodeSqliteDatabase.batch). */
  constructor(run: (queries: CompiledQuery[]) => Promise<BatchOutcome[]>) {
    this.#run = run;
  }

  write<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    return new Promise<QueryResult<R>>((resolve, reject) => {
      this.#queue.push({ query, resolve: resolve as Pending['resolve'], reject });
      this.#schedule();
    });
  }

  /** Resolves once every write queued so far has been committed (or has failed). */
  async idle(): Promise<void> {
    while (this.#scheduled || this.#queue.length > 0) await this.#flushing;
    await this.#flushing;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#flushing = new Promise<void>((done) => {
      setImmediate(() => {
        this.#scheduled = false;
        void this.#flush().finally(done);
      });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (this.#queue.length > 0) this.#schedule();
    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.#run(batch.map((pending) => pending.query));
    } catch (err) {
      for (const pending of batch) pending.reject(err);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (!outcome) pending.reject(new Error('group commit returned no result for a write'));
      else if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve({ rows: outcome.rows, numAffectedRows: BigInt(outcome.changes) });
    });
  }
}
