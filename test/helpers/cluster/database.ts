import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_PG_URL } from '../../../src/platform/store/testing/backends.ts';

/** The bigint / timestamp columns the store writes, as epoch ms whatever type pg hands back. */
export function millis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // An error after the query (the server going down) must not crash the test process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A Postgres database of one test's own (`opsbot_c_<random>`) on a server (by default the shared
 * one tests use), which the daemons under test share as their `store:`. Each query opens its own
 * connection, so queries keep working across a server restart.
 */
export class TestDatabase {
  readonly url: string;
  readonly #admin: string;
  readonly #name: string;

  private constructor(admin: string, name: string) {
    this.#admin = admin;
    this.#name = name;
    const url = new URL(admin);
    url.pathname = `/${name}`;
    this.url = url.toString();
  }

  /** `admin`: a URL to any database of the server (CREATE / DROP DATABASE run there). */
  static async create(admin = TEST_PG_URL): Promise<TestDatabase> {
    const db = new TestDatabase(admin, `opsbot_c_${randomBytes(5).toString('hex')}`);
    await withClient(admin, (c) => c.query(`create database ${db.#name}`));
    return db;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withClient(this.url, async (c) => (await c.query(sql, params)).rows as T[]);
  }

  /** Drops the database, cutting the daemons' connections if any are left. */
  async close(): Promise<void> {
    await withClient(this.#admin, (c) => c.query(`drop database if exists ${this.#name} with (force)`));
  }
}
