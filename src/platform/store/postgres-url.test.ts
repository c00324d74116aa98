import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from './open.ts';
import { splitSchema } from './postgres-url.ts';
import { TEST_PG_URL, testMasterKey } from './testing/backends.ts';

describe('schema query parameter of a postgres:// store URL', () => {
  it('is split off the URL; other parameters stay', () => {
    expect(splitSchema('postgres://u@h:5432/db')).toEqual({
      url: 'postgres://u@h:5432/db',
      schema: undefined,
    });
    expect(splitSchema('postgres://u:p@h:5432/db?schema=ops')).toEqual({
      url: 'postgres://u:p@h:5432/db',
      schema: 'ops',
    });
    expect(splitSchema('postgres://h/db?sslmode=require&schema=ops')).toEqual({
      url: 'postgres://h/db?sslmode=require',
      schema: 'ops',
    });
  });

  it('puts the store in that schema', async () => {
    const schema = `opsbot_test_${randomBytes(6).toString('hex')}`;
    const sep = TEST_PG_URL.includes('?') ? '&' : '?';
    const store = await openStore({
      url: `${TEST_PG_URL}${sep}schema=${schema}`,
      dataDir: '/nonexistent',
      masterKey: testMasterKey,
    });
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await store.kv.set('app', 'where', 'here');
      const { rows } = await client.query(`select value from ${schema}.app_state`);
      expect(rows).toEqual([{ value: '"here"' }]);
      expect(store.appDatabase('my-app')).toMatchObject({
        url: TEST_PG_URL,
        schema: expect.stringMatching(`^${schema}_app_my_app`),
      });
    } finally {
      await store.close();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });
});
