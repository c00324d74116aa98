import { decrypt, encrypt } from '../crypto.ts';
import { OpsbotError } from '../errors.ts';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import type { ConnectorStateRepo } from './types.ts';

/** One connector's key space in connector_state; secrets are AES-256-GCM with the master key. */
export class ConnectorStateRepository implements ConnectorStateRepo {
  readonly namespace: string;
  readonly #ctx: StoreContext;
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(ctx: StoreContext, namespace: string, masterKey: Buffer, now: () => number = Date.now) {
    if (namespace === '')
      throw new OpsbotError('STATE_NAMESPACE', 'a connector state namespace cannot be empty');
    this.namespace = namespace;
    this.#ctx = ctx;
    this.#key = masterKey;
    this.#now = now;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const row = await this.#ctx.db
      .selectFrom('connector_state')
      .select(['value', 'secret'])
      .where('namespace', '=', this.namespace)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && (this.#read(row) as T);
  }

  async set(key: string, value: unknown, options: { secret?: boolean } = {}): Promise<void> {
    if (value === undefined) {
      throw new OpsbotError(
        'KV_VALUE',
        `state "${key}" of "${this.namespace}": cannot store undefined (use delete)`,
      );
    }
    const json = toJson(value);
    const secret = options.secret ? 1 : 0;
    const row = {
      namespace: this.namespace,
      key,
      value: secret ? encrypt(this.#key, json) : json,
      secret,
      updated_at: this.#now(),
    };
    await this.#ctx.db
      .insertInto('connector_state')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['namespace', 'key'])
          .doUpdateSet({ value: row.value, secret: row.secret, updated_at: row.updated_at }),
      )
      .execute();
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('connector_state')
      .where('namespace', '=', this.namespace)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(prefix?: string): Promise<Array<{ key: string; value: unknown }>> {
    let query = this.#ctx.db
      .selectFrom('connector_state')
      .select(['key', 'value', 'secret'])
      .where('namespace', '=', this.namespace);
    if (prefix) {
      // substr, not LIKE, as in the app kv: exact and case-sensitive on both dialects.
      const length = [...prefix].length;
      query = query.where((eb) => eb(eb.fn('substr', ['key', eb.lit(1), eb.val(length)]), '=', prefix));
    }
    const rows = await query.orderBy('key').execute();
    return rows.map((row) => ({ key: row.key, value: this.#read(row) }));
  }

  #read(row: { value: string; secret: number }): unknown {
    return fromJson(Number(row.secret) === 1 ? decrypt(this.#key, row.value) : row.value);
  }
}
