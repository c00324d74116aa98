import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** SQLite's extended result codes keep the primary code in the low byte; 5 is SQLITE_BUSY. */
const SQLITE_BUSY = 5;

/**
 * Makes Node's built-in `DatabaseSync` look like the better-sqlite3 subset Kysely's SqliteDialect
 * drives, so we need no native build. Also offers a synchronous transaction: see `transaction`.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: DatabaseSync;
  /** Kysely sends the same SQL text again and again; preparing it once saves most of a small query's cost. */
  readonly #statements = new Map<string, SqliteStatement>();

  /** `path` is a file name or ':memory:'. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    if (path !== ':memory:') this.#db.exec('pragma journal_mode = wal');
    // In WAL mode NORMAL still survives a crashed or killed process (kill -9); only a power cut can
    // lose the last commits. FULL would fsync every commit and cap inbound callbacks at a few hundred/s.
    this.#db.exec('pragma synchronous = normal');
    this.#db.exec('pragma busy_timeout = 5000');
    this.#db.exec('pragma foreign_keys = on');
    // A checkpoint runs inside the commit that crosses the threshold and fsyncs there, so the
    // request behind it waits. Smaller, more frequent ones keep that wait short: at 1,000 webhooks/s
    // the default 1,000 pages gave ack p99 10–15 ms, 500 pages 6–7 ms, with the same closed-loop
    // throughput (bench/hooks.ts); larger or timed checkpoints were worse.
    this.#db.exec('pragma wal_autocheckpoint = 500');
  }

  get inTransaction(): boolean {
    return this.#db.isTransaction;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql);
    if (cached) return cached;
    const stmt = this.#db.prepare(sql);
    const statement: SqliteStatement = {
      // Statements with result columns (SELECT, or any statement with RETURNING) are read with all().
      reader: stmt.columns().length > 0,
      all: (params) => stmt.all(...bind(params)),
      run: (params) => stmt.run(...bind(params)),
      iterate: (params) => stmt.iterate(...bind(params)),
    };
    // Queries with IN (…) lists vary in text; keep the cache bounded.
    if (this.#statements.size >= 500) this.#statements.clear();
    this.#statements.set(sql, statement);
    return statement;
  }

  /**
   * Runs the statements in one IMMEDIATE transaction without yielding to the event loop. Holding a
   * SQLite write lock across an `await` lets a second connection in the same process block the
   * (single) thread in its busy handler while we can never finish: a self-deadlock.
   */
  transaction(queries: ReadonlyArray<{ sql: string; parameters: ReadonlyArray<unknown> }>): void {
    this.#db.exec('begin immediate');
    try {
      for (const query of queries) this.#db.prepare(query.sql).run(...bind(query.parameters));
      this.#db.exec('commit');
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('rollback');
      throw err;
    }
  }

  /**
   * Group commit: runs the queries in one IMMEDIATE transaction, again without yielding, and returns
   * each query's rows or the error it alone raised. A query that fails (a constraint, say) is undone
   * by SQLite on its own and the rest still commit. If the transaction as a whole fails (the commit,
   * a full disk) it is rolled back and this throws: then no query of the batch took effect.
   */
  batch(queries: ReadonlyArray<{ sql: string; parameters: ReadonlyArray<unknown> }>): BatchOutcome[] {
    const outcomes: BatchOutcome[] = [];
    this.#db.exec('begin immediate');
    try {
      for (const query of queries) {
        const statement = this.prepare(query.sql);
        try {
          if (statement.reader) outcomes.push({ rows: statement.all(query.parameters), changes: 0 });
          else outcomes.push({ rows: [], changes: Number(statement.run(query.parameters).changes) });
        } catch (error) {
          // Some errors (I/O, out of memory) end the transaction; the earlier queries are gone then.
          if (!this.#db.isTransaction) throw error;
          outcomes.push({ error });
        }
      }
      this.#db.exec('commit');
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('rollback');
      throw err;
    }
    return outcomes;
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }
}

/** One query's result in a `batch`: its rows (or changed row count), or the error it raised. */
export type BatchOutcome = { rows: unknown[]; changes: number } | { error: unknown };

/** node:sqlite rejects booleans and undefined as parameters. */
function bind(params: ReadonlyArray<unknown>): SQLInputValue[] {
  return params.map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value === undefined) return null;
    return value as SQLInputValue;
  });
}

export function isSqliteBusy(err: unknown): boolean {
  const errcode = (err as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' && (errcode & 0xff) === SQLITE_BUSY;
}
