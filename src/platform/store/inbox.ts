import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import type { InboxTable } from './schema.ts';
import type { InboxRecord, InboxRepo } from './types.ts';

/** Incoming events, deduplicated by (connection, dedupeKey) so a redelivered webhook runs once. */
export class InboxRepository implements InboxRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async insert(event: {
    connection: string;
    dedupeKey: string;
    payload: unknown;
    receivedAt: number;
  }): Promise<{ inserted: boolean; id: number }> {
    const { db } = this.#ctx;
    // ON CONFLICT DO NOTHING rather than catching a unique violation: in Postgres a caught error
    // would still abort an enclosing transaction, and both dialects return no row on conflict.
    // Group-committed (see StoreContext.write): every webhook pays this, and its ack waits for it.
    const { rows } = await this.#ctx.write(
      db
        .insertInto('inbox')
        .values({
          connection: event.connection,
          dedupe_key: event.dedupeKey,
          payload: toJson(event.payload),
          received_at: event.receivedAt,
          status: 'new',
        })
        .onConflict((oc) => oc.columns(['connection', 'dedupe_key']).doNothing())
        .returning('id')
        .compile(),
    );
    const row = rows[0];
    if (row) return { inserted: true, id: row.id };
    const existing = await db
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
    // Once per routed event, so it shares the inbound events' group commit.
    await this.#ctx.write(
      this.#ctx.db.updateTable('inbox').set({ status: 'done' }).where('id', '=', id).compile(),
    );
  }

  async get(id: number): Promise<InboxRecord | undefined> {
    const row = await this.#ctx.db.selectFrom('inbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Pruning forgets dedupe keys too: a redelivery after `before` would be accepted again. */
  async prune(before: number): Promise<number> {
    const result = await this.#ctx.db
      .deleteFrom('inbox')
      .where('status', '=', 'done')
      .where('received_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
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
