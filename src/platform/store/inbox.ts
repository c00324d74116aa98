import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import { queryTemplate } from './query-template.ts';
import type { InboxTable } from './schema.ts';
import type { InboxListFilter, InboxRecord, InboxRepo } from './types.ts';

/** Incoming events, deduplicated by (connection, dedupeKey) so a redelivered webhook runs once. */
export class InboxRepository implements InboxRepo {
  readonly #ctx: StoreContext;
  // ON CONFLICT DO NOTHING rather than catching a unique violation: in Postgres a caught error
  // would still abort an enclosing transaction, and both dialects return no row on conflict.
  readonly #insert;
  readonly #markDone;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#insert = queryTemplate(
      (slot: (name: 'connection' | 'dedupeKey' | 'payload' | 'receivedAt') => never) =>
        ctx.db
          .insertInto('inbox')
          .values({
            connection: slot('connection'),
            dedupe_key: slot('dedupeKey'),
            payload: slot('payload'),
            received_at: slot('receivedAt'),
            status: 'new',
          })
          .onConflict((oc) => oc.columns(['connection', 'dedupe_key']).doNothing())
          .returning('id'),
    );
    this.#markDone = queryTemplate((slot: (name: 'id') => never) =>
      ctx.db.updateTable('inbox').set({ status: 'done' }).where('id', '=', slot('id')),
    );
  }

  async insert(event: {
    connection: string;
    dedupeKey: string;
    payload: unknown;
    receivedAt: number;
  }): Promise<{ inserted: boolean; id: number }> {
    // Every webhook's ack waits for this: committed at the end of this event-loop turn, together
    // with the other writes of the turn (see StoreContext.write).
    const { rows } = await this.#ctx.write(this.#insert({ ...event, payload: toJson(event.payload) }));
    const row = rows[0];
    if (row) return { inserted: true, id: row.id };
    const existing = await this.#ctx.db
      .selectFrom('inbox')
      .select('id')
      .where('connection', '=', event.connection)
      .where('dedupe_key', '=', event.dedupeKey)
      .executeTakeFirstOrThrow();
    return { inserted: false, id: existing.id };
  }

  async listNew(limit: number): Promise<InboxRecord[]> {
    const rows = await this.#ctx.db
      .selectFrom('inbox')
      .selectAll()
      .where('status', '=', 'new')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async markDone(id: number): Promise<void> {
    // Bookkeeping after an event was routed, which nothing waits on: it shares the next commit.
    await this.#ctx.write(this.#markDone({ id }), 'soon');
  }

  async get(id: number): Promise<InboxRecord | undefined> {
    const row = await this.#ctx.db.selectFrom('inbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(filter: InboxListFilter = {}): Promise<InboxRecord[]> {
    const { db } = this.#ctx;
    let query = db.selectFrom('inbox').selectAll();
    if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
    if (filter.since !== undefined) query = query.where('received_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('received_at', '<', filter.until);
    if (filter.app !== undefined) {
      const handed = db.selectFrom('inbox_deliveries').select('inbox_id').where('app', '=', filter.app);
      query = query.where('id', 'in', handed);
    }
    const rows = await query
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * Pruning forgets dedupe keys too: a redelivery after `before` would be accepted again. An event an
   * app has not handled yet (a delivery still pending or handing) is kept.
   */
  async prune(before: number): Promise<number> {
    const { db } = this.#ctx;
    const open = db
      .selectFrom('inbox_deliveries')
      .select('inbox_id')
      .where('status', 'in', ['pending', 'handing']);
    const doomed = db
      .selectFrom('inbox')
      .select('id')
      .where('status', '=', 'done')
      .where('received_at', '<', before)
      .where('id', 'not in', open);
    const ids = (await doomed.execute()).map((row) => row.id);
    if (ids.length === 0) return 0;
    await this.#ctx.atomically([
      db.deleteFrom('inbox_deliveries').where('inbox_id', 'in', ids).compile(),
      db.deleteFrom('inbox').where('id', 'in', ids).compile(),
    ]);
    return ids.length;
  }
}

function toRecord(row: Selectable<InboxTable>): InboxRecord {
  return {
    id: row.id,
    connection: row.connection,
    dedupeKey: row.dedupe_key,
    payload: fromJson(row.payload),
    receivedAt: row.received_at,
    status: row.status as InboxRecord['status'],
  };
}
