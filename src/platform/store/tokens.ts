import type { Selectable } from 'kysely';
import { decrypt, encrypt } from '../crypto.ts';
import { OpsbotError } from '../errors.ts';
import type { StoreContext } from './context.ts';
import type { TokensTable } from './schema.ts';
import type { TokenRecord, TokenRepo } from './types.ts';

/** Connection credentials; `value` is encrypted at rest with the master key (AES-256-GCM). */
export class TokenRepository implements TokenRepo {
  readonly #ctx: StoreContext;
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(ctx: StoreContext, masterKey: Buffer, now: () => number = Date.now) {
    this.#ctx = ctx;
    this.#key = masterKey;
    this.#now = now;
  }

  async put(token: Omit<TokenRecord, 'updatedAt'> & { updatedAt?: number }): Promise<void> {
    const row = {
      connection: token.connection,
      kind: token.kind,
      ciphertext: encrypt(this.#key, token.value),
      expires_at: token.expiresAt,
      updated_at: token.updatedAt ?? this.#now(),
      meta: JSON.stringify(token.meta ?? {}),
    };
    await this.#ctx.db
      .insertInto('tokens')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['connection', 'kind']).doUpdateSet({
          ciphertext: row.ciphertext,
          expires_at: row.expires_at,
          updated_at: row.updated_at,
          meta: row.meta,
        }),
      )
      .execute();
  }

  async get(connection: string, kind: string): Promise<TokenRecord | undefined> {
    const row = await this.#ctx.db
      .selectFrom('tokens')
      .selectAll()
      .where('connection', '=', connection)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row && this.#toRecord(row);
  }

  async list(connection?: string): Promise<TokenRecord[]> {
    let query = this.#ctx.db.selectFrom('tokens').selectAll();
    if (connection !== undefined) query = query.where('connection', '=', connection);
    const rows = await query.orderBy('connection').orderBy('kind').execute();
    return rows.map((row) => this.#toRecord(row));
  }

  async delete(connection: string, kind: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('tokens')
      .where('connection', '=', connection)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  #toRecord(row: Selectable<TokensTable>): TokenRecord {
    let value: string;
    try {
      value = decrypt(this.#key, row.ciphertext);
    } catch (err) {
      // Returning garbage would surface later as a baffling 401 from some API; say what is wrong now.
      throw new OpsbotError(
        'TOKEN_DECRYPT',
        `cannot decrypt the ${row.kind} token of connection "${row.connection}": the master key differs from the one it was stored with, or the row is corrupt`,
        { cause: err },
      );
    }
    return {
      connection: row.connection,
      kind: row.kind,
      value,
      expiresAt: row.expires_at,
      updatedAt: row.updated_at,
      meta: JSON.parse(row.meta) as Record<string, unknown>,
    };
  }
}
