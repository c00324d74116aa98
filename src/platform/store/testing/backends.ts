import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { openStore, SQLITE_FILE } from '../open.ts';
import type { Store } from '../types.ts';

/** Where the conformance suite finds Postgres; unreachable means the suite fails, never skips. */
export const TEST_PG_URL = process.env.OPSBOT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

const TABLES = [
  'app_runs',
  'app_state',
  'outbox',
  'inbox',
  'inbox_deliveries',
  'tokens',
  'sandbox_messages',
  'holidays',
  'connector_state',
  'leases',
  'cluster_nodes',
  'schedule_fires',
  'console_users',
  'console_sessions',
  'api_tokens',
  'audit_log',
] as const;

/** One database under test: open Stores on it, peek at raw rows, wipe it, drop it. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Every call opens another Store (another connection/pool) on the same database. */
  open(masterKey?: Buffer): Promise<Store>;
  /** Raw SQL beside the store, to check what is really at rest. */
  raw(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Empties every table (between tests). */
  reset(): Promise<void>;
  /** Closes what open() opened and removes the database. */
  dispose(): Promise<void>;
}

export const testMasterKey = randomBytes(32);

export async function sqliteBackend(): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'opsbot-store-'));
  const stores: Store[] = [];
  let raw: DatabaseSync | undefined;
  // Opened lazily: the file must exist (a Store created it) before we attach a plain connection.
  const rawDb = () => {
    raw ??= new DatabaseSync(join(dataDir, SQLITE_FILE));
    return raw;
  };
  return {
    name: 'sqlite',
    async open(masterKey = testMasterKey) {
      const store = await openStore({ url: 'sqlite', dataDir, masterKey });
      stores.push(store);
      return store;
    },
    async raw(sql) {
      return rawDb().prepare(sql).all() as Array<Record<string, unknown>>;
    },
    async reset() {
      for (const table of TABLES) rawDb().exec(`delete from ${table}`);
    },
    async dispose() {
      for (const store of stores) await store.close();
      raw?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresBackend(): Promise<Backend> {
  const schema = `opsbot_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  const stores: Store[] = [];
  return {
    name: 'postgres',
    async open(masterKey = testMasterKey) {
      const store = await openStore({ url: TEST_PG_URL, dataDir: '/nonexistent', masterKey, schema });
      stores.push(store);
      return store;
    },
    async raw(sql) {
      return (await client.query(sql)).rows as Array<Record<string, unknown>>;
    },
    async reset() {
      await client.query(`truncate ${TABLES.join(', ')}`);
    },
    async dispose() {
      for (const store of stores) await store.close();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
