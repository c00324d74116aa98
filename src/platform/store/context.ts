import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** What every repository gets: the query builder, the dialect, and a way to write atomically. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Runs the (write) queries as one transaction: all apply or none. */
  atomically(queries: ReadonlyArray<CompiledQuery>): Promise<void>;
}
