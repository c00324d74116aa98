import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import { queryTemplate } from './query-template.ts';
import type { SandboxMessagesTable } from './schema.ts';
import type { SandboxMessage, SandboxRepo } from './types.ts';

const DEFAULT_LIST_LIMIT = 500;

/** Messages exchanged with the built-in sandbox connector, for its UI and for tests. */
export class SandboxRepository implements SandboxRepo {
  readonly #ctx: StoreContext;
  readonly #insert;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#insert = queryTemplate((slot: (name: keyof Omit<SandboxMessage, 'id'>) => never) =>
      ctx.db
        .insertInto('sandbox_messages')
        .values({
          connection: slot('connection'),
          destination: slot('destination'),
          direction: slot('direction'),
          author: slot('author'),
          payload: slot('payload'),
          created_at: slot('createdAt'),
        })
        .returning('id'),
    );
  }

  async add(message: Omit<SandboxMessage, 'id'>): Promise<SandboxMessage> {
    const payload = toJson(message.payload);
    // The connector stores every inbound message after the sender has its ack; nobody waits for
    // it, so it shares the next commit (see StoreContext.write). Outbound ones are a delivery.
    const urgency = message.direction === 'in' ? 'soon' : 'now';
    const { rows } = await this.#ctx.write(this.#insert({ ...message, payload }), urgency);
    const row = rows[0];
    if (!row) throw new Error('insert into sandbox_messages returned no row');
    // The payload as stored (JSON), like every message read back later.
    return { id: row.id, ...message, payload: fromJson(payload) };
  }

  async list(
    filter: { connection?: string; destination?: string; afterId?: number; limit?: number } = {},
  ): Promise<SandboxMessage[]> {
    let query = this.#ctx.db.selectFrom('sandbox_messages').selectAll();
    if (filter.connection) query = query.where('connection', '=', filter.connection);
    if (filter.destination) query = query.where('destination', '=', filter.destination);
    if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
    const rows = await query
      .orderBy('id')
      .limit(filter.limit ?? DEFAULT_LIST_LIMIT)
      .execute();
    return rows.map(toMessage);
  }

  async destinations(
    connection?: string,
  ): Promise<Array<{ connection: string; destination: string; count: number }>> {
    let query = this.#ctx.db
      .selectFrom('sandbox_messages')
      .select((eb) => ['connection', 'destination', eb.fn.countAll().as('count')])
      .groupBy(['connection', 'destination']);
    if (connection) query = query.where('connection', '=', connection);
    const rows = await query.orderBy('connection').orderBy('destination').execute();
    return rows.map((row) => ({
      connection: row.connection,
      destination: row.destination,
      count: Number(row.count),
    }));
  }
}

function toMessage(row: Selectable<SandboxMessagesTable>): SandboxMessage {
  return {
    id: row.id,
    connection: row.connection,
    destination: row.destination,
    direction: row.direction as SandboxMessage['direction'],
    author: row.author,
    payload: fromJson(row.payload),
    createdAt: row.created_at,
  };
}
