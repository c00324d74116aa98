import type { Selectable } from 'kysely';
import type { ApiTokenRepo, ApiTokenRow } from './console-types.ts';
import type { StoreContext } from './context.ts';
import type { ApiTokensTable } from './schema.ts';

/** API tokens for scripts: the public id and the SHA-256 of the secret part, never the token. */
export class ApiTokenRepository implements ApiTokenRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async create(token: Omit<ApiTokenRow, 'lastUsedAt' | 'revokedAt'>): Promise<void> {
    await this.#ctx.db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        user_name: token.user,
        label: token.label,
        hash: token.hash,
        created_at: token.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
  }

  async get(id: string): Promise<ApiTokenRow | undefined> {
    const row = await this.#ctx.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toToken(row);
  }

  async list(user?: string): Promise<ApiTokenRow[]> {
    let query = this.#ctx.db.selectFrom('api_tokens').selectAll();
    if (user !== undefined) query = query.where('user_name', '=', user);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toToken);
  }

  async touch(id: string, at: number): Promise<void> {
    await this.#ctx.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function toToken(row: Selectable<ApiTokensTable>): ApiTokenRow {
  return {
    id: row.id,
    user: row.user_name,
    label: row.label,
    hash: row.hash,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
