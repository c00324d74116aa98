import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreContext } from './context.ts';
import { openPostgres } from './postgres-context.ts';
import { TEST_PG_URL } from './testing/backends.ts';

describe('Postgres store connections', () => {
  const schema = `opsbot_ctx_${randomBytes(4).toString('hex')}`;
  let ctx: StoreContext;
  beforeAll(async () => {
    ctx = await openPostgres(TEST_PG_URL, schema);
    await sql`create table marks (id int primary key)`.execute(ctx.db);
  });
  afterAll(async () => {
    await ctx?.close();
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  const setting = async (urgency?: 'now' | 'soon') =>
    (
      await ctx.write(
        sql<{ s: string }>`select current_setting('synchronous_commit') as s`.compile(ctx.db),
        urgency,
      )
    ).rows[0]?.s;

  it("commits a 'soon' write without waiting for the WAL flush, and every other write with it", async () => {
    expect(await setting('soon')).toBe('off');
    expect(await setting('now')).toBe('on');
    expect(await setting()).toBe('on');
  });

  it("a 'soon' write is committed, in the store's schema, once it resolves", async () => {
    const insert = sql`insert into marks (id) values (1)`.compile(ctx.db);
    expect(Number((await ctx.write(insert, 'soon')).numAffectedRows)).toBe(1);
    const other = new pg.Client({ connectionString: TEST_PG_URL });
    await other.connect();
    try {
      const { rows } = await other.query(`select id from ${schema}.marks`);
      expect(rows).toEqual([{ id: 1 }]);
    } finally {
      await other.end();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openPostgres(TEST_PG_URL, 'bad-name; drop')).rejects.toMatchObject({ code: 'STORE_URL' });
  });
});
