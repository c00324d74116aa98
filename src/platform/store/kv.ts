import type { CompiledQuery, Kysely } from 'kysely';
import { OpsbotError } from '../errors.ts';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import type { Database } from './schema.ts';
import type { KvRepo, StateChanges } from './types.ts';

/** Rows per statement: far below either dialect's bound-parameter limit (3 per row). */
const WRITE_CHUNK = 500;

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
    checkValue(app, key, value);
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

  async write(app: string, changes: StateChanges): Promise<void> {
    const queries = stateQueries(this.#ctx.db, app, changes);
    if (queries.length > 0) await this.#ctx.atomically(queries);
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

function checkValue(app: string, key: string, value: unknown): void {
  // undefined would read back as "missing" (or as null); refuse it rather than store a lie.
  if (value === undefined) {
    throw new OpsbotError('KV_VALUE', `state "${key}" of app "${app}": cannot store undefined (use delete)`);
  }
}

/**
 * The statements of a StateChanges, for one transaction (KvRepository.write, OutboxRepository.enqueue).
 * Checked first, so a bad change throws before anything runs.
 */
export function stateQueries(db: Kysely<Database>, app: string, changes: StateChanges): CompiledQuery[] {
  const sets = new Map<string, string>();
  for (const { key, value } of changes.set ?? []) {
    checkValue(app, key, value);
    // One statement cannot upsert a key twice (Postgres refuses): the last value wins, as in a loop of set().
    sets.set(key, toJson(value));
  }
  const deletes = [...new Set(changes.delete ?? [])];
  const both = deletes.find((key) => sets.has(key));
  if (both !== undefined) {
    throw new OpsbotError('KV_VALUE', `state "${both}" of app "${app}": both set and deleted in one write`);
  }
  const queries: CompiledQuery[] = [];
  const rows = [...sets].map(([key, value]) => ({ app, key, value }));
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    queries.push(
      db
        .insertInto('app_state')
        .values(rows.slice(i, i + WRITE_CHUNK))
        .onConflict((oc) =>
          oc.columns(['app', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
        )
        .compile(),
    );
  }
  for (let i = 0; i < deletes.length; i += WRITE_CHUNK) {
    queries.push(
      db
        .deleteFrom('app_state')
        .where('app', '=', app)
        .where('key', 'in', deletes.slice(i, i + WRITE_CHUNK))
        .compile(),
    );
  }
  return queries;
}
