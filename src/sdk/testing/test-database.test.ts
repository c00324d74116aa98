import { describe, expect, it } from 'vitest';
import { defineApp, sql } from '../index.ts';
import { createTestApp } from './index.ts';

describe('test databases (opsbot/testing)', () => {
  it('an app without migrations has no ctx.db, and says how to get one', async () => {
    const t = createTestApp(defineApp({ async run() {} }), { app: 'plain' });
    await t.run();
    expect(() => t.ctx.db).toThrow(
      "app plain has no database: declare migrations in defineApp({ migrations: { '001': (db) => … } }) to get ctx.db",
    );
    await t.stop();
  });

  it.each(['sqlite', 'postgres'] as const)(
    'a failing migration fails start() with its name (%s)',
    async (db) => {
      const app = defineApp({
        migrations: {
          '001': (db) => db.schema.createTable('ok').addColumn('id', 'integer').execute(),
          '002': (db) => sql`alter table missing add column x integer`.execute(db),
        },
        async start() {},
      });
      const t = createTestApp(app, { db });
      await expect(t.start()).rejects.toMatchObject({
        code: 'APP_MIGRATION',
        message: expect.stringMatching(/^database migration 002 failed: .*missing/),
      });
      await t.stop();
    },
  );

  it('each test app gets a database of its own', async () => {
    const app = defineApp({
      migrations: { '001': (db) => db.schema.createTable('n').addColumn('v', 'integer').execute() },
      async run(ctx) {
        await ctx.db.insertInto('n').values({ v: 1 }).execute();
      },
    });
    const a = createTestApp(app, { db: 'postgres' });
    const b = createTestApp(app, { db: 'postgres' });
    await a.run();
    await a.run();
    await b.run();
    expect(await a.ctx.db.selectFrom('n').selectAll().execute()).toEqual([{ v: 1 }, { v: 1 }]);
    expect(await b.ctx.db.selectFrom('n').selectAll().execute()).toEqual([{ v: 1 }]);
    await a.stop();
    await b.stop();
  });
});
