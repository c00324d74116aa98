import type { AppContext } from 'opsbot';
import { dbOf } from './db.ts';

/** The monthly day picks: one per person and month. */
export class Picks {
  readonly #ctx: AppContext;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  /** Registers or changes a person's day of a month. */
  async save(email: string, month: string, day: string): Promise<void> {
    const picked_at = this.#ctx.clock.now();
    await dbOf(this.#ctx)
      .insertInto('picks')
      .values({ email, month, day, picked_at })
      .onConflict((oc) => oc.columns(['email', 'month']).doUpdateSet({ day, picked_at }))
      .execute();
  }

  async get(email: string, month: string): Promise<string | undefined> {
    const row = await dbOf(this.#ctx)
      .selectFrom('picks')
      .select('day')
      .where('email', '=', email)
      .where('month', '=', month)
      .executeTakeFirst();
    return row?.day;
  }

  /** Email → day of everyone who picked in a month. */
  async ofMonth(month: string): Promise<Map<string, string>> {
    const rows = await dbOf(this.#ctx)
      .selectFrom('picks')
      .select(['email', 'day'])
      .where('month', '=', month)
      .execute();
    return new Map(rows.map((r) => [r.email, r.day]));
  }
}
