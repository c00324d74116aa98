import { type Compilable, CompiledQuery } from 'kysely';

/** Marks where a value goes; Kysely passes it through as an opaque parameter value. */
class Slot {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

/**
 * A query built once with Kysely and then only re-bound. Building and compiling a query costs
 * 10–30 µs each time, and the per-event writes (inbox, sandbox message, markDone) pay it at every
 * webhook. `build` receives `slot(name)` to put wherever a value goes; every call of the returned
 * function gives the same SQL with that call's values in those places. Values that are not slots
 * stay as they were compiled.
 */
export function queryTemplate<K extends string, R>(
  build: (slot: (name: K) => never) => Compilable<R>,
): (values: Readonly<Record<K, unknown>>) => CompiledQuery<R> {
  let compiled: CompiledQuery<R> | undefined;
  return (values) => {
    compiled ??= build((name) => new Slot(name) as never).compile();
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? values[p.name as K] : p));
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>;
  };
}
