import type { Selectable } from 'kysely';
import type { ConsoleSessionRepo, ConsoleSessionRow } from './console-types.ts';
import type { StoreContext } from './context.ts';
import type { ConsoleSessionsTable } from './schema.ts';

/** Console login sessions, keyed by the SHA-256 of the cookie's secret. */
export class ConsoleSessionRepository implements ConsoleSessionRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async create(session: ConsoleSessionRow): Promise<void> {
    await this.#ctx.db
      .insertInto('console_sessions')
      .values({
        id: session.id,
        user_name: session.user,
        csrf: session.csrf,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async get(id: string): Promise<ConsoleSessionRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('console_sessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.#ctx.db
      .updateTable('console_sessions')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id', '=', id)
      // A request that read the session just before it ended must not bring it back.
      .where('expires_at', '>', lastSeenAt)
      .execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#ctx.db.deleteFrom('console_sessions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async prune(now: number): Promise<number> {
    const result = await this.#ctx.db
      .deleteFrom('console_sessions')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toSession(row: Selectable<ConsoleSessionsTable>): ConsoleSessionRow {
  return {
    id: row.id,
    user: row.user_name,
    csrf: row.csrf,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
  };
}
