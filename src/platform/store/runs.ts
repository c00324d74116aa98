import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { AppRunsTable } from './schema.ts';
import type { RunListFilter, RunOutcome, RunRecord, RunRepo, RunTrigger } from './types.ts';

const DEFAULT_LIST_LIMIT = 100;

export class RunRepository implements RunRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async start(run: {
    app: string;
    trigger: RunTrigger;
    scheduledAt?: number | null;
    startedAt: number;
    node?: string | null;
  }): Promise<number> {
    return this.record({
      node: run.node ?? null,
      app: run.app,
      trigger: run.trigger,
      scheduledAt: run.scheduledAt ?? null,
      startedAt: run.startedAt,
      endedAt: null,
      outcome: 'running',
      error: null,
    });
  }

  async finish(
    id: number,
    result: { endedAt: number; outcome: Exclude<RunOutcome, 'running'>; error?: string | null },
  ): Promise<void> {
    await this.#ctx.db
      .updateTable('app_runs')
      .set({ ended_at: result.endedAt, outcome: result.outcome, error: result.error ?? null })
      .where('id', '=', id)
      .execute();
  }

  async record(run: Omit<RunRecord, 'id' | 'node'> & { node?: string | null }): Promise<number> {
    const row = await this.#ctx.db
      .insertInto('app_runs')
      .values({
        app: run.app,
        trigger: run.trigger,
        scheduled_at: run.scheduledAt,
        started_at: run.startedAt,
        ended_at: run.endedAt,
        outcome: run.outcome,
        error: run.error,
        node: run.node ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async get(id: number): Promise<RunRecord | undefined> {
    const row = await this.#ctx.db.selectFrom('app_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRun(row);
  }

  async last(app: string): Promise<RunRecord | undefined> {
    const [run] = await this.list(app, 1);
    return run;
  }

  async lastScheduled(app: string): Promise<number | undefined> {
    const row = await this.#ctx.db
      .selectFrom('app_runs')
      .select((eb) => eb.fn.max('scheduled_at').as('at'))
      .where('app', '=', app)
      .where('trigger', 'in', ['schedule', 'missed'])
      .executeTakeFirst();
    return row?.at == null ? undefined : Number(row.at);
  }

  /** Most recent first. */
  async list(app: string, limit = DEFAULT_LIST_LIMIT, filter: RunListFilter = {}): Promise<RunRecord[]> {
    let query = this.#ctx.db.selectFrom('app_runs').selectAll().where('app', '=', app);
    if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
    if (filter.before !== undefined) query = query.where('id', '<', filter.before);
    const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRun);
  }

  async markInterrupted(endedAt: number, node?: string): Promise<number> {
    let query = this.#ctx.db
      .updateTable('app_runs')
      .set({ outcome: 'interrupted', ended_at: endedAt })
      .where('outcome', '=', 'running');
    if (node !== undefined) query = query.where('node', '=', node);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async countByOutcome(): Promise<Array<{ app: string; outcome: RunOutcome; count: number }>> {
    const rows = await this.#ctx.db
      .selectFrom('app_runs')
      .select((eb) => ['app', 'outcome', eb.fn.countAll().as('count')])
      .groupBy(['app', 'outcome'])
      .orderBy('app')
      .orderBy('outcome')
      .execute();
    return rows.map((row) => ({
      app: row.app,
      outcome: row.outcome as RunOutcome,
      count: Number(row.count),
    }));
  }

  async prune(before: number): Promise<number> {
    const { db } = this.#ctx;
    // Each app's latest run (status shows it) and latest scheduled run (missed-run catch-up reads it) stay.
    const latest = db
      .selectFrom('app_runs')
      .select((eb) => eb.fn.max('id').as('id'))
      .groupBy('app');
    const latestScheduled = db
      .selectFrom('app_runs')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('scheduled_at', 'is not', null)
      .groupBy('app');
    const result = await db
      .deleteFrom('app_runs')
      .where('outcome', '!=', 'running')
      .where('started_at', '<', before)
      .where('id', 'not in', latest)
      .where('id', 'not in', latestScheduled)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRun(row: Selectable<AppRunsTable>): RunRecord {
  return {
    id: row.id,
    app: row.app,
    trigger: row.trigger as RunTrigger,
    scheduledAt: row.scheduled_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    outcome: row.outcome as RunOutcome,
    error: row.error,
    node: row.node,
  };
}
