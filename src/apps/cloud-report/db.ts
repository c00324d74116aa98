import type { AppMigrations, Kysely } from 'opsbot';
import { type Cell, KINDS, type KindName } from './kinds.ts';
import type { Collected } from './model.ts';

/**
 * The app's tables: one per kind (`server`, `block_storage`, …) with the common columns and the
 * kind's typed ones, `server_metric`, `nas_usage`, and `report_run` (one row per period and
 * customer, which finds "the previous period" for the changes sheet). Rows are keyed by period
 * and customer: a re-run of a period replaces them.
 */
// biome-ignore lint/suspicious/noExplicitAny: the kind tables are built from kinds.ts, not typed one by one
export type Db = Kysely<any>;

type Builder = ReturnType<Db['schema']['createTable']>;

function common(table: Builder): Builder {
  return table
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull());
}

async function index(db: Db, table: string): Promise<void> {
  await db.schema.createIndex(`${table}_period_customer`).on(table).columns(['period', 'customer']).execute();
}

export const migrations: AppMigrations = {
  '001': async (db) => {
    for (const kind of KINDS) {
      let table = common(db.schema.createTable(kind.table))
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('status', 'text');
      for (const column of kind.columns) table = table.addColumn(column.column, column.type);
      await table.addColumn('data', 'text', (c) => c.notNull()).execute();
      await index(db, kind.table);
    }
    await common(db.schema.createTable('server_metric'))
      .addColumn('server_id', 'text', (c) => c.notNull())
      .addColumn('server_name', 'text')
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('aggregation', 'text', (c) => c.notNull())
      .addColumn('avg', 'double precision')
      .addColumn('max', 'double precision')
      .addColumn('points', 'integer', (c) => c.notNull())
      .execute();
    await index(db, 'server_metric');
    await common(db.schema.createTable('nas_usage'))
      .addColumn('nas_id', 'text', (c) => c.notNull())
      .addColumn('nas_name', 'text')
      .addColumn('rating_time', 'text')
      .addColumn('volume_size', 'double precision')
      .addColumn('use_size', 'double precision')
      .addColumn('use_ratio', 'double precision')
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await index(db, 'nas_usage');
    await db.schema
      .createTable('report_run')
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('customer', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('period_start', 'bigint', (c) => c.notNull())
      .addColumn('period_end', 'bigint', (c) => c.notNull())
      .addColumn('resources', 'integer', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('finished_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('report_run_pk', ['period', 'customer'])
      .execute();
  },
};

/** Rows per insert: SQLite allows 32,766 bound values a statement, Postgres 65,535. */
const CHUNK = 200;

const TABLES = [...KINDS.map((k) => k.table), 'server_metric', 'nas_usage', 'report_run'];

/** Replaces the period's rows of one customer in one transaction (same counts on every re-run). */
export async function saveCollected(db: Db, collected: Collected, runId: string, now: number): Promise<void> {
  const { customer, period } = collected;
  const key = { period: period.label, customer: customer.id, run_id: runId };
  await db.transaction().execute(async (trx) => {
    for (const table of TABLES) {
      await trx
        .deleteFrom(table)
        .where('period', '=', period.label)
        .where('customer', '=', customer.id)
        .execute();
    }
    for (const kind of KINDS) {
      const rows = collected.resources
        .filter((r) => r.kind === kind.name)
        .map((r) => ({
          ...key,
          platform: r.platform,
          region: r.region,
          resource_id: r.id,
          name: r.name,
          status: r.status,
          ...r.columns,
          data: JSON.stringify(r.item),
        }));
      await insert(trx, kind.table, rows);
    }
    await insert(
      trx,
      'server_metric',
      collected.metrics.map((m) => ({
        ...key,
        platform: m.platform,
        region: m.region,
        server_id: m.serverId,
        server_name: m.serverName,
        metric: m.metric,
        aggregation: m.aggregation,
        avg: m.avg,
        max: m.max,
        points: m.points,
      })),
    );
    await insert(
      trx,
      'nas_usage',
      collected.nasUsage.map((u) => ({
        ...key,
        platform: u.platform,
        region: u.region,
        nas_id: u.nasId,
        nas_name: u.nasName,
        rating_time: u.ratingTime,
        volume_size: u.volumeSize,
        use_size: u.useSize,
        use_ratio: u.useRatio,
        data: JSON.stringify(u.item),
      })),
    );
    await trx
      .insertInto('report_run')
      .values({
        ...key,
        period_start: period.start,
        period_end: period.end,
        resources: collected.resources.length,
        failures: collected.failures.length,
        finished_at: now,
      })
      .execute();
  });
}

async function insert(db: Db, table: string, rows: Array<Record<string, Cell>>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export interface KnownResource {
  id: string;
  name: string | null;
  platform: string;
  region: string;
}

/** The customer's latest period that started before this one, with its resources per kind. */
export async function previousPeriod(
  db: Db,
  customer: string,
  periodStart: number,
): Promise<{ period: string; resources: Map<KindName, KnownResource[]> } | null> {
  const previous = await db
    .selectFrom('report_run')
    .select(['period'])
    .where('customer', '=', customer)
    .where('period_start', '<', periodStart)
    .orderBy('period_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) return null;
  const period = String(previous.period);
  const resources = new Map<KindName, KnownResource[]>();
  for (const kind of KINDS) {
    const rows = await db
      .selectFrom(kind.table)
      .select(['resource_id', 'name', 'platform', 'region'])
      .where('period', '=', period)
      .where('customer', '=', customer)
      .execute();
    resources.set(
      kind.name,
      rows.map((r) => ({
        id: String(r.resource_id),
        name: r.name ?? null,
        platform: r.platform,
        region: r.region,
      })),
    );
  }
  return { period, resources };
}
