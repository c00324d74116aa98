import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { WriteUrgency } from './group-commit.ts';
import type { Database } from './schema.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** What every repository gets: the query builder, the dialect, and a way to write atomically. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Runs the (write) queries as one transaction: all apply or none. */
  atomically(queries: ReadonlyArray<CompiledQuery>): Promise<void>;
  /**
   * One small write on a hot path (an inbound event, its bookkeeping); resolves once committed.
   * SQLite group-commits it with the other writes of the same event-loop turn, or, when `urgency`
   * is 'soon', with the next such commit (at most a few ms later). Postgres runs it alone, a 'soon'
   * one without waiting for the WAL flush (postgres-context.ts).
   */
  write<R>(query: CompiledQuery<R>, urgency?: WriteUrgency): Promise<QueryResult<R>>;
  /** Commits the writes still queued by `write`, then closes the connection(s). */
  close(): Promise<void>;
}
