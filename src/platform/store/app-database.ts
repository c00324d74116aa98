import { dirname } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import pg from 'pg';
import { errorMessage, OpsbotError } from '../errors.ts';
import { makePrivateDir, preparePrivateFile, SQLITE_COMPANIONS } from '../private-files.ts';
import type { AppDatabaseLocation } from './app-database-location.ts';
import { QuietClient } from './quiet-client.ts';
import { NodeSqliteDatabase } from './sqlite-database.ts';
import { SqliteStoreDialect } from './sqlite-dialect.ts';

export { type AppDatabaseLocation, appSchemaName, appSqliteFile } from './app-database-location.ts';

/** An app's migrations as it declares them: name → function that changes the schema. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against tables that do not exist yet
export type AppMigrations = Record<string, (db: Kysely<any>) => Promise<unknown>>;

export interface AppDatabase {
  // biome-ignore lint/suspicious/noExplicitAny: the app types its own tables (ctx.db as Kysely<MyTables>)
  readonly db: Kysely<any>;
  readonly location: AppDatabaseLocation;
  close(): Promise<void>;
}

/** Kysely's bookkeeping tables, named so they do not look like one of the app's own tables. */
const MIGRATION_TABLE = 'opsbot_migrations';
const MIGRATION_LOCK_TABLE = 'opsbot_migrations_lock';

/**
 * Opens an app's database without touching its schema. Postgres: a small pool whose search_path is
 * the app's schema only, so unqualified names never reach the daemon's tables.
 */
export async function openAppDatabase(location: AppDatabaseLocation): Promise<AppDatabase> {
  if (location.kind === 'sqlite') {
    makePrivateDir(dirname(location.file), 'the app data folder');
    let database: NodeSqliteDatabase;
    try {
      // 0600 before SQLite creates it (SQLite gives -wal and -shm the database file's mode).
      preparePrivateFile(location.file, SQLITE_COMPANIONS);
      database = new NodeSqliteDatabase(location.file);
    } catch (err) {
      throw new OpsbotError(
        'APP_DB_OPEN',
        `cannot open the app database ${location.file}: ${errorMessage(err)}`,
      );
    }
    const db = new Kysely({ dialect: new SqliteStoreDialect(database) });
    return { db, location, close: () => db.destroy() };
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(location.schema)) {
    throw new OpsbotError('APP_DB_OPEN', `invalid app schema name "${location.schema}"`);
  }
  const pool = new pg.Pool({
    Client: QuietClient,
    connectionString: location.url,
    options: `-c search_path=${location.schema}`,
    max: 4,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the app.
  pool.on('error', () => {});
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, location, close: () => db.destroy() };
}

/**
 * Applies the app's migrations that have not run yet, in name order, each once, recorded in the
 * app's own database. Throws APP_MIGRATION naming the failed one.
 */
export async function migrateAppDatabase(
  database: AppDatabase,
  migrations: AppMigrations,
): Promise<string[]> {
  const { db, location } = database;
  checkNames(Object.keys(migrations));
  if (location.kind === 'postgres') await createSchema(db, location.schema);
  const provided: Record<string, Migration> = Object.fromEntries(
    Object.entries(migrations).map(([name, up]) => [name, { up: async (trx) => void (await up(trx)) }]),
  );
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => provided },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(location.kind === 'postgres' ? { migrationTableSchema: location.schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    // No migration of the app failed: the database itself did (unreachable, locked). That may pass,
    // so it is not APP_MIGRATION, which stops the app for good.
    if (!failed) {
      throw new OpsbotError('APP_DB_OPEN', `cannot migrate the app database: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    throw new OpsbotError('APP_MIGRATION', `database migration ${failed} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Kysely applies migrations in plain string order, where '10' comes before '2'. Names whose string
 * order differs from their numeric order would run in a surprising order: refuse them up front.
 */
function checkNames(names: string[]): void {
  const asText = [...names].sort();
  const natural = [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const i = asText.findIndex((name, at) => name !== natural[at]);
  if (i >= 0) {
    throw new OpsbotError(
      'APP_MIGRATION',
      `migration "${natural[i]}" would run after "${asText[i]}": name migrations so they sort as text, like '001', '002'`,
    );
  }
}

async function createSchema(db: Kysely<unknown>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (err) {
    // Two processes racing on "if not exists" can still collide (42P06/23505): it exists then.
    const code = (err as { code?: string }).code;
    if (code === '42P06' || code === '23505') return;
    throw new OpsbotError('APP_DB_OPEN', `cannot create schema ${schema}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}
