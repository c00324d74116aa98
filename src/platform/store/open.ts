import { join } from 'node:path';
import { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { errorMessage, OpsbotError } from '../errors.ts';
import { makePrivateDir, preparePrivateFile, SQLITE_COMPANIONS } from '../private-files.ts';
import { redactUrlPassword } from '../redact.ts';
import { appSchemaName, appSqliteFile } from './app-database-location.ts';
import { ConnectorStateRepository } from './connector-state.ts';
import { AuditRepository } from './console-audit.ts';
import { ConsoleSessionRepository } from './console-sessions.ts';
import { ApiTokenRepository } from './console-tokens.ts';
import { ConsoleUserRepository } from './console-users.ts';
import type { StoreContext } from './context.ts';
import { FormRepository } from './forms.ts';
import { GroupCommit } from './group-commit.ts';
import { HolidayRepository } from './holidays.ts';
import { InboxRepository } from './inbox.ts';
import { InboxDeliveryRepository } from './inbox-deliveries.ts';
import { KvRepository } from './kv.ts';
import { LeaseRepository } from './leases.ts';
import { migrationProvider } from './migrations/index.ts';
import { NodeRepository } from './nodes.ts';
import { OutboxRepository } from './outbox.ts';
import { splitSchema } from './postgres-url.ts';
import { RunRepository } from './runs.ts';
import { SandboxRepository } from './sandbox.ts';
import { ScheduleFireRepository } from './schedule-fires.ts';
import type { Database } from './schema.ts';
import { NodeSqliteDatabase } from './sqlite-database.ts';
import { SqliteStoreDialect } from './sqlite-dialect.ts';
import { TokenRepository } from './tokens.ts';
import type { Store, StoreOptions } from './types.ts';

export const SQLITE_FILE = 'opsbot.db';

/**
 * Opens the store and brings its schema up to date. `url: 'sqlite'` is `<dataDir>/opsbot.db`;
 * `memory: true` is a private in-memory SQLite database (the app testing kit), whatever the url.
 */
export async function openStore(options: StoreOptions & { memory?: boolean }): Promise<Store> {
  if (options.masterKey.length !== 32) {
    throw new OpsbotError('MASTER_KEY', `the master key must be 32 bytes, got ${options.masterKey.length}`);
  }
  const isPostgres = !options.memory && /^postgres(ql)?:\/\//.test(options.url);
  const target = isPostgres ? splitSchema(options.url) : { url: options.url, schema: undefined };
  const schema = options.schema ?? target.schema ?? 'public';
  const ctx = options.memory
    ? openSqlite(':memory:')
    : options.url === 'sqlite'
      ? await openSqliteFile(options.dataDir)
      : isPostgres
        ? await openPostgresLazily(target.url, schema)
        : undefined;
  if (!ctx)
    throw new OpsbotError(
      'STORE_URL',
      `store must be "sqlite" or a postgres:// URL, got "${redactUrlPassword(options.url)}"`,
    );

  try {
    await migrate(ctx, schema);
  } catch (err) {
    await ctx.close();
    throw err;
  }

  let closed = false;
  return {
    kind: ctx.kind,
    runs: new RunRepository(ctx),
    kv: new KvRepository(ctx),
    outbox: new OutboxRepository(ctx),
    inbox: new InboxRepository(ctx),
    inboxDeliveries: new InboxDeliveryRepository(ctx),
    tokens: new TokenRepository(ctx, options.masterKey),
    sandbox: new SandboxRepository(ctx),
    holidays: new HolidayRepository(ctx),
    appDatabase: (app) =>
      ctx.kind === 'postgres'
        ? { kind: 'postgres', url: target.url, schema: appSchemaName(app, schema) }
        : { kind: 'sqlite', file: appSqliteFile(options.dataDir, app) },
    forms: new FormRepository(ctx),
    leases: new LeaseRepository(ctx),
    nodes: new NodeRepository(ctx),
    fires: new ScheduleFireRepository(ctx),
    consoleUsers: new ConsoleUserRepository(ctx),
    consoleSessions: new ConsoleSessionRepository(ctx),
    apiTokens: new ApiTokenRepository(ctx),
    audit: new AuditRepository(ctx),
    connectorState: (namespace: string) => new ConnectorStateRepository(ctx, namespace, options.masterKey),
    async close() {
      // pg's Pool.end() throws when called twice; shutdown paths often close defensively.
      if (closed) return;
      closed = true;
      await ctx.close();
    },
  };
}

/** pg and its dialect load only for a Postgres store: a SQLite daemon and the CLI never need them. */
async function openPostgresLazily(url: string, schema: string): Promise<StoreContext> {
  const { openPostgres } = await import('./postgres-context.ts');
  return openPostgres(url, schema);
}

async function openSqliteFile(dataDir: string): Promise<StoreContext> {
  // 0700: the directory also holds master.key, and the database holds (encrypted) tokens.
  makePrivateDir(dataDir, 'dataDir');
  const file = join(dataDir, SQLITE_FILE);
  preparePrivateFile(file, SQLITE_COMPANIONS);
  return openSqlite(file);
}

function openSqlite(path: string): StoreContext {
  let database: NodeSqliteDatabase;
  try {
    database = new NodeSqliteDatabase(path);
  } catch (err) {
    throw new OpsbotError('STORE_OPEN', `cannot open SQLite database ${path}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  const db = new Kysely<Database>({ dialect: new SqliteStoreDialect(database) });
  // connection() takes Kysely's single-connection lock, so no Kysely query interleaves with ours.
  const groupCommit = new GroupCommit((queries) =>
    db.connection().execute(async () => database.batch(queries)),
  );
  return {
    db,
    kind: 'sqlite',
    atomically: (queries) => db.connection().execute(async () => database.transaction(queries)),
    write: (query, urgency) => groupCommit.write(query, urgency),
    async close() {
      await groupCommit.idle();
      await db.destroy();
    },
  };
}

async function migrate(ctx: StoreContext, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(ctx, schema);
    } catch (err) {
      // Kysely looks for its tables in every schema of the database; a schema someone else drops
      // during that look (another opsbot store sharing the database) fails it, though ours is fine.
      const other = /schema "([^"]+)" does not exist/.exec(errorMessage(err))?.[1];
      if (attempt >= 3 || !other || other === schema) throw err;
    }
  }
}

async function migrateOnce(ctx: StoreContext, schema: string): Promise<void> {
  const migrator = new Migrator({
    db: ctx.db,
    provider: migrationProvider(ctx.kind),
    // Postgres: pin Kysely's bookkeeping tables to our schema. Unpinned, Kysely checks for them in
    // any schema and would skip creating ours when another schema (another test, say) has them.
    ...(ctx.kind === 'postgres' ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const which = failed ? `migration ${failed}` : 'migration';
    throw new OpsbotError('STORE_MIGRATE', `store ${which} failed: ${errorMessage(error)}`, { cause: error });
  }
}
