import { OpsbotError } from '../errors.ts';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import type { KvRepo } from './types.ts';

/** Per-app key/value state; values are JSON text. */
export class KvRepository implements KvRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async get<T = unknown>(app: string, key: string): Promise<T | undefined> {
    const row = await this.#ctx.db
      .selectFrom('app_state')
      .select('value')
      .where('app', '=', app)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && (fromJson(row.value) as T);
  }

  async set(app: string, key: string, value: unknown): Promise<void> {
    // undefined would read back as "missing" (or as null); refuse it rather than store a lie.
    if (value === undefined) {
      throw new OpsbotError(
        'KV_VALUE',
        `state "${key}" of app "${app}": cannot store undefined (use delete)`,
      );
    }
    const json = toJson(value);
    await this.#ctx.db
      .insertInto('app_state')
      .values({ app, key, value: json })
      .onConflict((oc) => oc.columns(['app', 'key']).doUpdateSet({ value: json }))
      .execute();
  }

  async delete(app: string, key: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('app_state')
      .where('app', '=', app)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Sorted by key. */
  async list(app: string, prefix?: string): Promise<Array<{ key: string; value: unknown }>> {
    let query = this.#ctx.db.selectFrom('app_state').select(['key', 'value']).where('app', '=', app);
    if (prefix) {
      // substr rather than LIKE: LIKE is case-insensitive in SQLite and would need % and _ escaped.
      // Both dialects count characters (code points), hence the spread.
      const length = [...prefix].length;
      query = query.where((eb) => eb(eb.fn('substr', ['key', eb.lit(1), eb.val(length)]), '=', prefix));
    }
    const rows = await query.orderBy('key').execute();
    return rows.map((row) => ({ key: row.key, value: fromJson(row.value) }));
  }
}
