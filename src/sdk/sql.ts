import { createRequire } from 'node:module';

type Sql = typeof import('kysely').sql;

let loaded: Sql | undefined;
const load = (): Sql => {
  loaded ??= (createRequire(import.meta.url)('kysely') as typeof import('kysely')).sql;
  return loaded;
};

/**
 * Kysely's `sql` template tag, for apps with their own database (ctx.db). The query builder is
 * loaded on its first use, not when an app imports 'opsbot': most apps never touch a database,
 * and loading it costs each of them about 20 MiB. `require` of an ES module is synchronous in
 * Node 22.12+ and shares the one module instance with every `import` of it.
 */
export const sql: Sql = new Proxy(function sql() {} as unknown as Sql, {
  apply: (_target, self, args) => Reflect.apply(load(), self, args),
  get: (_target, key) => Reflect.get(load(), key),
});
