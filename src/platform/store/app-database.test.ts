import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AppDatabaseLocation,
  type AppMigrations,
  appSchemaName,
  appSqliteFile,
  migrateAppDatabase,
  openAppDatabase,
} from './app-database.ts';
import { openStore } from './open.ts';
import { TEST_PG_URL, testMasterKey } from './testing/backends.ts';

const notes: AppMigrations = {
  '001': (db) =>
    db.schema
      .createTable('note')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('text', 'text', (c) => c.notNull())
      .execute(),
};

describe('appSchemaName', () => {
  it('keeps simple names readable and hashes lossy or long ones', () => {
    expect(appSchemaName('notes')).toBe('app_notes');
    expect(appSchemaName('notes', 'opsbot_test_ab')).toBe('opsbot_test_ab_app_notes');
    expect(appSchemaName('dice-bot')).toMatch(/^app_dice_bot_[0-9a-f]{8}$/);
    expect(appSchemaName('dice-bot')).not.toBe(appSchemaName('dice_bot'));
    expect(appSchemaName('Notes')).not.toBe(appSchemaName('notes'));
    expect(appSchemaName('x'.repeat(80))).toHaveLength(63);
  });

  it('puts SQLite databases under dataDir/apps/<app>', () => {
    expect(appSqliteFile('/data', 'notes')).toBe('/data/apps/notes/db.sqlite');
  });
});

describe('Store.appDatabase', () => {
  it('places an app beside a SQLite store: its own file under dataDir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsbot-appdb-'));
    dirs.push(dir);
    const store = await openStore({ url: 'sqlite', dataDir: dir, masterKey: testMasterKey });
    expect(store.appDatabase('notes')).toEqual({ kind: 'sqlite', file: join(dir, 'apps/notes/db.sqlite') });
    await store.close();
  });

  it("places an app beside a Postgres store: its own schema in the store's database", async () => {
    const schema = `opsbot_test_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const store = await openStore({
      url: TEST_PG_URL,
      dataDir: '/nonexistent',
      masterKey: testMasterKey,
      schema,
    });
    expect(store.appDatabase('notes')).toEqual({
      kind: 'postgres',
      url: TEST_PG_URL,
      schema: `${schema}_app_notes`,
    });
    await store.close();
  });
});

const schemas: string[] = [];
const dirs: string[] = [];
afterAll(async () => {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function location(kind: 'sqlite' | 'postgres', app: string, tag: string): Promise<AppDatabaseLocation> {
  if (kind === 'postgres') {
    const schema = appSchemaName(app, `opsbot_test_${tag}`);
    schemas.push(schema);
    return { kind, url: TEST_PG_URL, schema };
  }
  const dir = await mkdtemp(join(tmpdir(), 'opsbot-appdb-'));
  dirs.push(dir);
  return { kind, file: appSqliteFile(dir, app) };
}

describe.each(['sqlite', 'postgres'] as const)('app database: %s', (kind) => {
  it('applies each migration once, in name order, and later ones on the next open', async () => {
    const where = await location(kind, 'notes', randomBytes(4).toString('hex'));
    const first = await openAppDatabase(where);
    expect(await migrateAppDatabase(first, notes)).toEqual(['001']);
    await first.db.insertInto('note').values({ id: 1, text: 'hello' }).execute();
    await first.close();
    if (kind === 'sqlite' && where.kind === 'sqlite') expect(existsSync(where.file)).toBe(true);

    const second = await openAppDatabase(where);
    const later: AppMigrations = {
      ...notes,
      '003': (db) => db.schema.alterTable('note').addColumn('pinned', 'integer').execute(),
      '002': (db) => db.schema.createTable('tag').addColumn('name', 'text').execute(),
    };
    expect(await migrateAppDatabase(second, later)).toEqual(['002', '003']);
    expect(await migrateAppDatabase(second, later)).toEqual([]);
    await second.db.updateTable('note').set({ pinned: 1 }).execute();
    expect(await second.db.selectFrom('note').selectAll().execute()).toEqual([
      { id: 1, text: 'hello', pinned: 1 },
    ]);
    const applied = await second.db
      .selectFrom('opsbot_migrations')
      .select('name')
      .orderBy('timestamp')
      .execute();
    expect(applied.map((r) => r.name)).toEqual(['001', '002', '003']);
    const unpadded: AppMigrations = { '1': async () => {}, '2': async () => {}, '10': async () => {} };
    await expect(migrateAppDatabase(second, unpadded)).rejects.toThrow(
      `migration "2" would run after "10": name migrations so they sort as text, like '001', '002'`,
    );
    await second.close();
  });

  it('names the migration that failed', async () => {
    const where = await location(kind, 'broken', randomBytes(4).toString('hex'));
    const database = await openAppDatabase(where);
    const failing: AppMigrations = {
      ...notes,
      '002': async (db) => {
        await sql`select * from no_such_table`.execute(db);
      },
    };
    await expect(migrateAppDatabase(database, failing)).rejects.toMatchObject({
      code: 'APP_MIGRATION',
      message: expect.stringMatching(/^database migration 002 failed: .*no_such_table/),
    });
    await database.close();
  });
});

describe('postgres app schemas', () => {
  it('an unreachable server is not a failed migration (the app may retry)', async () => {
    const database = await openAppDatabase({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:1/test',
      schema: 'app_nowhere',
    });
    await expect(migrateAppDatabase(database, notes)).rejects.toMatchObject({
      code: 'APP_DB_OPEN',
      message: expect.stringMatching(/^cannot create schema app_nowhere: .*ECONNREFUSED/),
    });
    await database.close();
  });

  it("keep one app's tables out of another's search path", async () => {
    const tag = randomBytes(4).toString('hex');
    const a = await openAppDatabase(await location('postgres', 'alpha', tag));
    const b = await openAppDatabase(await location('postgres', 'beta', tag));
    await migrateAppDatabase(a, notes);
    await migrateAppDatabase(b, {});
    await expect(b.db.selectFrom('note').selectAll().execute()).rejects.toThrow(
      /relation "note" does not exist/,
    );
    expect(await a.db.selectFrom('note').selectAll().execute()).toEqual([]);
    await a.close();
    await b.close();
  });
});
