import type { AppContext } from 'opsbot';
import { type Db, dbOf, type Tables } from './db.ts';

export interface Person {
  email: string;
  name: string;
  team: string;
  admin: boolean;
  ids: string[];
  replyTo: string | null;
}

export interface PersonFields {
  email: string;
  name: string;
  team: string;
  admin?: boolean;
  ids?: string[];
}

/** The people table: who may use the desk, and where each of them last wrote from. */
export class People {
  readonly #db: Db;

  constructor(ctx: AppContext) {
    this.#db = dbOf(ctx);
  }

  async all(): Promise<Person[]> {
    const rows = await this.#db.selectFrom('people').selectAll().orderBy('team').orderBy('name').execute();
    return rows.map(personOf);
  }

  /** The person a messenger user is: their email (any case) or one of their ids. */
  async recognise(user: string): Promise<Person | undefined> {
    const wanted = user.trim().toLowerCase();
    return (await this.all()).find((p) => p.email === wanted || p.ids.includes(user.trim()));
  }

  async get(email: string): Promise<Person | undefined> {
    const row = await this.#db
      .selectFrom('people')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && personOf(row);
  }

  /** Adds or updates a person; answers whether they were new. Their reply_to stays. */
  async upsert(fields: PersonFields): Promise<'added' | 'updated'> {
    const email = fields.email.trim().toLowerCase();
    const existing = await this.get(email);
    const values = {
      name: fields.name,
      team: fields.team,
      admin: (fields.admin ?? existing?.admin) ? 1 : 0,
      ids: JSON.stringify(fields.ids ?? existing?.ids ?? []),
    };
    await this.#db
      .insertInto('people')
      .values({ email, ...values, reply_to: null })
      .onConflict((oc) => oc.column('email').doUpdateSet(values))
      .execute();
    return existing ? 'updated' : 'added';
  }

  async remove(email: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('people')
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async rememberReplyTo(email: string, replyTo: string): Promise<void> {
    await this.#db.updateTable('people').set({ reply_to: replyTo }).where('email', '=', email).execute();
  }
}

function personOf(row: Tables['people']): Person {
  return {
    email: row.email,
    name: row.name,
    team: row.team,
    admin: Number(row.admin) === 1,
    ids: JSON.parse(row.ids) as string[],
    replyTo: row.reply_to,
  };
}
