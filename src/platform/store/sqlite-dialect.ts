import { type DialectAdapter, type Kysely, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import { isSqliteBusy, type NodeSqliteDatabase } from './sqlite-database.ts';

const LOCK_WAIT_MS = 30_000;
const LOCK_POLL_MS = 25;

/**
 * Kysely's SqliteDialect, except that migrations take a real lock. Kysely assumes SQLite has a
 * single user, but a daemon and a CLI (or two Stores in one test) may open the same file at once;
 * without a lock both would apply the same migration and one would fail half way.
 */
export class SqliteStoreDialect extends SqliteDialect {
  readonly #database: NodeSqliteDatabase;

  constructor(database: NodeSqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createAdapter(): DialectAdapter {
    return new MigrationLockingAdapter(this.#database);
  }
}

class MigrationLockingAdapter extends SqliteAdapter {
  readonly #database: NodeSqliteDatabase;

  constructor(database: NodeSqliteDatabase) {
    super();
    this.#database = database;
  }

  /**
   * BEGIN IMMEDIATE holds the write lock until release. We poll with busy_timeout 0 instead of
   * letting SQLite wait: its busy handler blocks the thread, which would stall another connection
   * of this same process that holds the lock and needs the event loop to finish.
   */
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`pragma busy_timeout = 0`.execute(db);
    try {
      const deadline = Date.now() + LOCK_WAIT_MS;
      for (;;) {
        try {
          await sql`begin immediate`.execute(db);
          return;
        } catch (err) {
          if (!isSqliteBusy(err) || Date.now() > deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
        }
      }
    } finally {
      await sql`pragma busy_timeout = 5000`.execute(db);
    }
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    // Kysely calls this even when acquiring failed; then there is nothing to commit.
    if (this.#database.inTransaction) await sql`commit`.execute(db);
  }
}
