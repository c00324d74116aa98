import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../../src/platform/store/testing/backends.ts';
import { Project, until } from '../helpers/cli.ts';
import { SandboxChat } from '../helpers/sandbox-chat.ts';

const NOTES_V1 = `import { defineApp } from 'opsbot';
export const migrations = {
  '001': (db) => db.schema.createTable('note').addColumn('text', 'text', (c) => c.notNull()).execute(),
};
export default defineApp({
  migrations,
  async start(ctx) {
    ctx.onCommand('note', async (cmd) => {
      await ctx.db.insertInto('note').values({ text: cmd.args.join(' ') }).execute();
      const { n } = await ctx.db.selectFrom('note').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      await cmd.reply('saved, ' + Number(n) + ' note(s)');
    });
    ctx.onCommand('notes', async (cmd) => {
      const rows = await ctx.db.selectFrom('note').selectAll().execute();
      const applied = await ctx.db.selectFrom('opsbot_migrations').select('name').orderBy('name').execute();
      await cmd.reply(JSON.stringify(rows) + ' after ' + applied.map((r) => r.name).join(','));
    });
  },
});
`;

/** The same app a release later: one more migration. */
const NOTES_V2 = NOTES_V1.replace(
  'export default defineApp({\n  migrations,',
  `migrations['002'] = (db) =>
  db.schema.alterTable('note').addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
export default defineApp({
  migrations,`,
);

const OTHER = `import { defineApp } from 'opsbot';
export default defineApp({
  migrations: { '001': (db) => db.schema.createTable('secret').addColumn('v', 'text').execute() },
  async start(ctx) {
    const sees = async (table) => {
      try {
        await ctx.db.selectFrom(table).selectAll().execute();
        return 'visible';
      } catch {
        return 'hidden';
      }
    };
    ctx.onCommand('peek', async (cmd) => {
      await cmd.reply('note: ' + (await sees('note')) + ', outbox: ' + (await sees('outbox')) + ', secret: ' + (await sees('secret')));
    });
  },
});
`;

const BROKEN = `import { defineApp, sql } from 'opsbot';
export default defineApp({
  migrations: { '001': (db) => sql\`alter table nowhere add column x integer\`.execute(db) },
  async start() {},
});
`;

function config(store: string): string {
  return `timezone: UTC
dataDir: ./data
store: ${store}
http: { port: 0 }
connections:
  sandbox: { type: sandbox, secret: e2e-secret }
apps:
  notes: { use: ./notes.ts }
  other: { use: ./other.ts }
  broken: { use: ./broken.ts }
`;
}

/** A database of its own for the Postgres run, so the daemon's tables never meet another test's. */
async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe.each(['sqlite', 'postgres'] as const)('app databases in the daemon (%s store)', (kind) => {
  const project = new Project(`opsbot-appdb-${kind}-`);
  const database = `opsbot_e2e_${randomBytes(6).toString('hex')}`;
  const pgUrl = TEST_PG_URL.replace(/\/[^/]*$/, `/${database}`);
  let chat: SandboxChat;

  beforeAll(async () => {
    if (kind === 'postgres') await adminQuery(`create database ${database}`);
    project.write('notes.ts', NOTES_V1);
    project.write('other.ts', OTHER);
    project.write('broken.ts', BROKEN);
    project.write('opsbot.yaml', config(kind === 'postgres' ? pgUrl : 'sqlite'));
    const started = await project.run('start', '--wait');
    expect(started.code, started.stderr).toBe(0);
    chat = new SandboxChat((await project.status()).url, { secret: 'e2e-secret', channel: 'notes' });
  });
  afterAll(async () => {
    await project.cleanup();
    if (kind === 'postgres') await adminQuery(`drop database if exists ${database} with (force)`);
  });

  it('migrates before start and keeps rows in the app’s own database', async () => {
    expect(await chat.say('mina', '/note hello')).toEqual(['saved, 1 note(s)']);
    expect(await chat.say('mina', '/notes')).toEqual(['[{"text":"hello"}] after 001']);
    if (kind === 'sqlite') {
      expect(existsSync(project.path('data/apps/notes/db.sqlite'))).toBe(true);
      expect(existsSync(project.path('data/apps/other/db.sqlite'))).toBe(true);
    } else {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      const { rows } = await client.query(
        "select table_schema, table_name from information_schema.tables where table_schema in ('app_notes', 'app_other') order by 1, 2",
      );
      await client.end();
      expect(rows).toEqual([
        { table_schema: 'app_notes', table_name: 'note' },
        { table_schema: 'app_notes', table_name: 'opsbot_migrations' },
        { table_schema: 'app_notes', table_name: 'opsbot_migrations_lock' },
        { table_schema: 'app_other', table_name: 'opsbot_migrations' },
        { table_schema: 'app_other', table_name: 'opsbot_migrations_lock' },
        { table_schema: 'app_other', table_name: 'secret' },
      ]);
    }
  });

  it("an app sees neither another app's tables nor the daemon's", async () => {
    expect(await chat.say('mina', '/peek')).toEqual(['note: hidden, outbox: hidden, secret: visible']);
  });

  it('a failing migration stops the app with the migration named in status, and no restarts', async () => {
    const broken = await until('broken crashed', async () => {
      const app = (await project.status()).apps.find((a) => a.app === 'broken');
      return app?.state === 'crashed' && app;
    });
    expect(broken.error).toMatch(/^database migration 001 failed: .*nowhere.* \(exited with code 78\)$/);
    expect(broken.restarts).toBe(0);
    const others = (await project.status()).apps.filter((a) => a.app !== 'broken').map((a) => a.state);
    expect(others).toEqual(['running', 'running']);
  });

  it('a migration added later applies on restart, once, and keeps the rows', async () => {
    project.write('notes.ts', NOTES_V2);
    const restarted = await project.run('restart', 'notes');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(await chat.say('mina', '/notes')).toEqual(['[{"text":"hello","pinned":0}] after 001,002']);
    expect((await project.run('restart', 'notes')).code).toBe(0);
    expect(await chat.say('mina', '/note again')).toEqual(['saved, 2 note(s)']);
    expect(await chat.say('mina', '/notes')).toEqual([
      '[{"text":"hello","pinned":0},{"text":"again","pinned":0}] after 001,002',
    ]);
  });
});
