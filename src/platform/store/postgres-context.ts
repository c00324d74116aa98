import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { errorMessage, OpsbotError } from '../errors.ts';
import { redactUrlPassword } from '../redact.ts';
import type { StoreContext } from './context.ts';
import { QuietClient } from './quiet-client.ts';
import type { Database } from './schema.ts';

const PG_INT8_OID = 20;
/** Unquoted Postgres identifiers only: the name goes into search_path and DDL verbatim. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The store's connections to Postgres, in `schema` (created if missing); not yet migrated. */
export async function openPostgres(url: string, schema: string): Promise<StoreContext> {
  if (!SCHEMA_NAME.test(schema)) {
    throw new OpsbotError(
      'STORE_URL',
      `invalid Postgres schema name "${schema}" (use lower-case letters, digits, _)`,
    );
  }
  const pool = postgresPool(url, schema);
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (err) {
    // Two starters racing on "if not exists" can still collide (42P06/23505); the schema exists then.
    const code = (err as { code?: string }).code;
    if (code !== '42P06' && code !== '23505') {
      await pool.end();
      throw new OpsbotError(
        'STORE_OPEN',
        `cannot open Postgres store at ${redactUrlPassword(url)}: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // 'soon' writes are bookkeeping whose loss costs at most one more hand-over (see StoreContext).
  // They commit without waiting for the WAL flush, on two connections of their own, so they never
  // queue in front of the writes a webhook's ack waits for (on 2 cores, p99 at 1,000 req/s went
  // from 2.3 s to about 60 ms). A server crash can lose the last of them; a daemon crash loses none.
  const bookkeeping = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: postgresPool(url, schema, { asyncCommit: true, max: 2 }) }),
  });
  return {
    db,
    kind: 'postgres',
    atomically: (queries) =>
      db.transaction().execute(async (trx) => {
        for (const query of queries) await trx.executeQuery(query);
      }),
    // The server commits concurrently from its own processes; nothing here blocks our thread.
    write: (query, urgency) => (urgency === 'soon' ? bookkeeping : db).executeQuery(query),
    close: async () => {
      await Promise.all([db.destroy(), bookkeeping.destroy()]);
    },
  };
}

function postgresPool(url: string, schema: string, more: { asyncCommit?: boolean; max?: number } = {}) {
  const pool = new pg.Pool({
    Client: QuietClient,
    connectionString: url,
    // Every pooled connection resolves our unqualified table names in this schema.
    options: `-c search_path=${schema}${more.asyncCommit ? ' -c synchronous_commit=off' : ''}`,
    connectionTimeoutMillis: 10_000,
    ...(more.max ? { max: more.max } : {}),
    // int8 (bigint, count(*), identity ids) arrives as a string by default; all our values are
    // epoch-ms times, ids and counts, far below 2^53. Per pool, so other pg users are unaffected.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server emits 'error' on the pool, which would crash the process
  // if unhandled. The pool drops that client; the next query reconnects or reports the failure.
  pool.on('error', () => {});
  return pool;
}
