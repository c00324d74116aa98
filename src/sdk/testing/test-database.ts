import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppDatabase, AppMigrations } from '../../platform/store/app-database.ts';
import { prepareAppDatabase } from '../db-prepare.ts';

/** Where `db: 'postgres'` test databases go; each test app gets its own schema there. */
export const TEST_APP_PG_URL = process.env.OPSBOT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  database: AppDatabase;
  /** Closes it and removes the file or drops the schema. */
  dispose(): Promise<void>;
}

/** A throw-away database for one test app: a temp SQLite file, or a fresh Postgres schema. */
export async function openTestDatabase(
  kind: 'sqlite' | 'postgres',
  migrations: AppMigrations,
): Promise<TestDatabase> {
  if (kind === 'postgres') {
    const schema = `opsbot_apptest_${randomBytes(6).toString('hex')}`;
    const database = await prepareAppDatabase({ kind, url: TEST_APP_PG_URL, schema }, migrations).catch(
      async (err) => {
        await dropSchema(schema);
        throw err;
      },
    );
    return {
      database,
      async dispose() {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
        await database.close();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'opsbot-app-db-'));
  const database = await prepareAppDatabase({ kind, file: join(dir, 'db.sqlite') }, migrations).catch(
    async (err) => {
      await rm(dir, { recursive: true, force: true });
      throw err;
    },
  );
  return {
    database,
    async dispose() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A failed migration leaves its schema behind; the app's own pool is already closed then. */
async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_APP_PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
