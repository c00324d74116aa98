import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** What every repository gets: the query builder, the dialect, and a way to write atomically. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Runs the (write) queries as one transaction: all apply or none. */
  atomically(queries: ReadonlyArray<CompiledQuery>): Promise<void>;
  /**
   * One small write on a hot path (an inbound event, its bookkeeping). SQLite group-commits it with
   * the other writes of the same event-loop turn; it resolves once committed. Postgres runs it alone.
   */
  write<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
  /** Resolves once writes still queued by `write` are committed; before closing. */
  idle(): Promise<void>;
}
