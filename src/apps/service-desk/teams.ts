import type { AppContext } from 'opsbot';
import { dbOf } from './db.ts';

export interface Team {
  name: string;
  manager: string;
}

/** Teams and the manager each one's digests go to. */
export class Teams {
  readonly #ctx: AppContext;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  all(): Promise<Team[]> {
    return dbOf(this.#ctx).selectFrom('teams').selectAll().orderBy('name').execute();
  }

  async manager(team: string): Promise<string | undefined> {
    const row = await dbOf(this.#ctx)
      .selectFrom('teams')
      .select('manager')
      .where('name', '=', team)
      .executeTakeFirst();
    return row?.manager;
  }

  async upsert(team: Team): Promise<void> {
    await dbOf(this.#ctx)
      .insertInto('teams')
      .values(team)
      .onConflict((oc) => oc.column('name').doUpdateSet({ manager: team.manager }))
      .execute();
  }
}
