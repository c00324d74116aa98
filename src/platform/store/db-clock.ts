import { type RawBuilder, sql } from 'kysely';
import type { StoreKind } from './context.ts';

/**
 * "Now" in epoch ms as an SQL expression. Postgres: the database's clock, so daemons on machines
 * with skewed clocks still agree on lease expiry and heartbeat age (`now()` is the transaction's
 * start, the same value everywhere in one statement). SQLite: this process's clock; local mode is
 * one daemon, so there is no one to disagree with.
 */
export function dbNow(kind: StoreKind): RawBuilder<number> {
  return kind === 'postgres'
    ? sql<number>`(extract(epoch from now()) * 1000)::bigint`
    : sql<number>`${Date.now()}`;
}
