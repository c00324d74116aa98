import type { NodeRepo, NodeRow } from './cluster-types.ts';
import type { StoreContext } from './context.ts';
import { dbNow } from './db-clock.ts';
import { fromJson, toJson } from './json.ts';

/** The cluster's node registry: one row per daemon, kept fresh by its heartbeat. */
export class NodeRepository implements NodeRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async heartbeat(row: Omit<NodeRow, 'heartbeatAt' | 'stoppedAt'>): Promise<void> {
    const now = dbNow(this.#ctx.kind);
    const values = {
      host: row.host,
      pid: row.pid,
      url: row.url,
      started_at: row.startedAt,
      heartbeat_at: now,
      // A node restarted under the same name (node.name) is up again.
      stopped_at: null,
      apps: toJson(row.apps),
    };
    await this.#ctx.db
      .insertInto('cluster_nodes')
      .values({ node: row.node, ...values })
      .onConflict((oc) => oc.column('node').doUpdateSet(values))
      .execute();
  }

  async markStopped(node: string): Promise<void> {
    await this.#ctx.db
      .updateTable('cluster_nodes')
      .set({ stopped_at: dbNow(this.#ctx.kind) })
      .where('node', '=', node)
      .execute();
  }

  async list(): Promise<Array<NodeRow & { ageMs: number }>> {
    const rows = await this.#ctx.db
      .selectFrom('cluster_nodes')
      .selectAll()
      .select(dbNow(this.#ctx.kind).as('now'))
      .orderBy('heartbeat_at', 'desc')
      .orderBy('node')
      .execute();
    return rows.map((row) => ({
      node: row.node,
      host: row.host,
      pid: row.pid,
      url: row.url,
      startedAt: Number(row.started_at),
      heartbeatAt: Number(row.heartbeat_at),
      stoppedAt: row.stopped_at === null ? null : Number(row.stopped_at),
      apps: fromJson(row.apps) as Record<string, string>,
      ageMs: Math.max(0, Number(row.now) - Number(row.heartbeat_at)),
    }));
  }

  async prune(before: number): Promise<number> {
    // The last sign of life is the clean stop, or else the last heartbeat.
    const result = await this.#ctx.db
      .deleteFrom('cluster_nodes')
      .where((eb) => eb(eb.fn.coalesce('stopped_at', 'heartbeat_at'), '<', before))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
