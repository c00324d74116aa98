import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import { fromJson } from './json.ts';
import type { InboxDeliveriesTable } from './schema.ts';
import type { InboxDelivery, InboxDeliveryRepo, InboxDeliveryStatus } from './types.ts';

const OPEN = ['pending', 'handing'] as const;

/** Per-app delivery of inbound events (see InboxDeliveryRepo); rows live beside the inbox's. */
export class InboxDeliveryRepository implements InboxDeliveryRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async fanOut(inboxId: number, apps: string[], at: number): Promise<void> {
    const { db } = this.#ctx;
    const routed = db.updateTable('inbox').set({ status: 'done' }).where('id', '=', inboxId).compile();
    // Nobody takes it: plain bookkeeping, which shares the next group commit (the inbound hot path).
    if (apps.length === 0) {
      await this.#ctx.write(routed, 'soon');
      return;
    }
    const rows = [...new Set(apps)].map((app) => ({
      inbox_id: inboxId,
      app,
      status: 'pending',
      attempts: 0,
      created_at: at,
      updated_at: at,
      error: null,
    }));
    const deliveries = db
      .insertInto('inbox_deliveries')
      .values(rows)
      .onConflict((oc) => oc.columns(['inbox_id', 'app']).doNothing())
      .compile();
    // One transaction: an event is never marked routed without the rows that carry it to its apps.
    await this.#ctx.atomically([deliveries, routed]);
  }

  async pending(app: string, limit: number): Promise<Array<InboxDelivery & { event: unknown }>> {
    const rows = await this.#ctx.db
      .selectFrom('inbox_deliveries as d')
      .innerJoin('inbox as i', 'i.id', 'd.inbox_id')
      .selectAll('d')
      .select('i.payload')
      .where('d.app', '=', app)
      .where('d.status', '=', 'pending')
      .orderBy('d.inbox_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...toDelivery(row), event: fromJson(row.payload) }));
  }

  async claim(inboxId: number, app: string, at: number, node?: string): Promise<number | undefined> {
    const query = this.#ctx.db
      .updateTable('inbox_deliveries')
      .set((eb) => ({
        status: 'handing',
        attempts: eb('attempts', '+', 1),
        updated_at: at,
        node: node ?? null,
      }))
      .where('inbox_id', '=', inboxId)
      .where('app', '=', app)
      .where('status', '=', 'pending')
      .returning('attempts')
      .compile();
    // Group-committed with the turn's other small writes (SQLite); it must be durable before the hand-over.
    const { rows } = await this.#ctx.write(query);
    return rows[0]?.attempts;
  }

  async finish(
    inboxId: number,
    app: string,
    outcome: { status: 'done' | 'failed' | 'skipped' | 'dropped'; at: number; error?: string },
  ): Promise<boolean> {
    const query = this.#ctx.db
      .updateTable('inbox_deliveries')
      .set({ status: outcome.status, updated_at: outcome.at, error: outcome.error ?? null })
      .where('inbox_id', '=', inboxId)
      .where('app', '=', app)
      .where('status', 'in', OPEN)
      .compile();
    // Bookkeeping after the app answered: a crash before this commit only means one more hand-over.
    const result = await this.#ctx.write(query, 'soon');
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async release(
    inboxId: number,
    app: string,
    opts: { at: number; maxAttempts: number; error: string },
  ): Promise<'pending' | 'failed' | undefined> {
    const row = await this.#ctx.db
      .updateTable('inbox_deliveries')
      .set((eb) => ({
        status: eb.case().when('attempts', '>=', opts.maxAttempts).then('failed').else('pending').end(),
        updated_at: opts.at,
        error: opts.error,
      }))
      .where('inbox_id', '=', inboxId)
      .where('app', '=', app)
      .where('status', '=', 'handing')
      .returning('status')
      .executeTakeFirst();
    return row?.status as 'pending' | 'failed' | undefined;
  }

  async recoverInterrupted(opts: {
    at: number;
    maxAttempts: number;
    node?: string;
    error?: string;
  }): Promise<number> {
    let query = this.#ctx.db
      .updateTable('inbox_deliveries')
      .set((eb) => ({
        status: eb.case().when('attempts', '>=', opts.maxAttempts).then('failed').else('pending').end(),
        updated_at: opts.at,
        error: opts.error ?? 'the daemon stopped while the app was handling it',
      }))
      .where('status', '=', 'handing');
    if (opts.node !== undefined) query = query.where('node', '=', opts.node);
    const rows = await query.returning('status').execute();
    return rows.filter((row) => row.status === 'pending').length;
  }

  async expire(before: number, at: number): Promise<Array<{ inboxId: number; app: string }>> {
    const rows = await this.#ctx.db
      .updateTable('inbox_deliveries')
      .set({ status: 'dropped', updated_at: at, error: 'held longer than inbox.holdFor' })
      .where('status', '=', 'pending')
      .where('created_at', '<', before)
      .returning(['inbox_id', 'app'])
      .execute();
    return rows
      .map((row) => ({ inboxId: row.inbox_id, app: row.app }))
      .sort((a, b) => a.inboxId - b.inboxId || (a.app < b.app ? -1 : a.app > b.app ? 1 : 0));
  }

  async list(filter: { app?: string; inboxId?: number } = {}): Promise<InboxDelivery[]> {
    let query = this.#ctx.db.selectFrom('inbox_deliveries').selectAll();
    if (filter.app !== undefined) query = query.where('app', '=', filter.app);
    if (filter.inboxId !== undefined) query = query.where('inbox_id', '=', filter.inboxId);
    const rows = await query.orderBy('inbox_id').orderBy('app').execute();
    return rows.map(toDelivery);
  }
}

function toDelivery(row: Selectable<InboxDeliveriesTable>): InboxDelivery {
  return {
    inboxId: row.inbox_id,
    app: row.app,
    status: row.status as InboxDeliveryStatus,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    error: row.error,
  };
}
