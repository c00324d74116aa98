import type { Kysely } from 'kysely';
import { OpsbotError } from '../platform/errors.ts';
import type { AppDatabase } from '../platform/store/app-database.ts';

/**
 * What `ctx.db` returns. Only apps that declare `migrations` have a database: one that never needs
 * tables gets no file or schema, and a mistaken ctx.db says how to get one.
 */
// biome-ignore lint/suspicious/noExplicitAny: the app types its own tables (ctx.db as Kysely<MyTables>)
export function databaseOf(app: string, database: AppDatabase | undefined): Kysely<any> {
  if (database) return database.db;
  throw new OpsbotError(
    'APP_DB',
    `app ${app} has no database: declare migrations in defineApp({ migrations: { '001': (db) => … } }) to get ctx.db`,
  );
}
