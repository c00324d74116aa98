import type { ScheduleFireRepo } from './cluster-types.ts';
import type { StoreContext } from './context.ts';
import { dbNow } from './db-clock.ts';

/**
 * "Each occurrence fires once in the cluster" as a compare-and-set on a primary key (graphile-worker's
 * distributed crontab, more-wire-facts §6): the first INSERT wins, every later one conflicts.
 */
export class ScheduleFireRepository implements ScheduleFireRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async claim(job: string, scheduledAt: number, node: string): Promise<boolean> {
    const rows = await this.#ctx.db
      .insertInto('schedule_fires')
      .values({ job, scheduled_at: scheduledAt, node, at: dbNow(this.#ctx.kind) })
      .onConflict((oc) => oc.columns(['job', 'scheduled_at']).doNothing())
      .returning('job')
      .execute();
    return rows.length > 0;
  }

  async list(job: string, since?: number): Promise<Array<{ scheduledAt: number; node: string }>> {
    let query = this.#ctx.db
      .selectFrom('schedule_fires')
      .select(['scheduled_at', 'node'])
      .where('job', '=', job);
    if (since !== undefined) query = query.where('scheduled_at', '>=', since);
    const rows = await query.orderBy('scheduled_at').execute();
    return rows.map((row) => ({ scheduledAt: Number(row.scheduled_at), node: row.node }));
  }

  async prune(before: number): Promise<number> {
    const result = await this.#ctx.db
      .deleteFrom('schedule_fires')
      .where('scheduled_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
