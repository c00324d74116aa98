/** Anything a test starts and must stop: a daemon cluster, a Redis, a database, an HTTP sink. */
export interface Closable {
  close(): Promise<unknown>;
}

/**
 * What one test started, closed in reverse order at the end even when the test failed half-way:
 * every close is attempted, and the first error is thrown after all of them ran.
 */
export class TestScope {
  readonly #items: Closable[] = [];

  add<T extends Closable>(item: T): T {
    this.#items.push(item);
    return item;
  }

  async close(): Promise<void> {
    let first: unknown;
    for (const item of this.#items.splice(0).reverse()) {
      try {
        await item.close();
      } catch (err) {
        first ??= err;
      }
    }
    if (first) throw first;
  }
}
