import type { AppContext, AppMigrations, Kysely } from 'opsbot';

/**
 * Registered people, in the app's own database. No password column: the password is asked for
 * each run and never kept.
 */
export interface PeopleTable {
  /** The Slack user id (U…). */
  slack_user: string;
  /** The Slack connection the person registered through. */
  connection: string;
  member_id: string;
  user_id: string;
  /** HH:MM */
  start_time: string;
  end_time: string;
  created_at: number;
  updated_at: number;
}

export interface Tables {
  people: PeopleTable;
}

export interface Person {
  slackUser: string;
  connection: string;
  memberId: string;
  userId: string;
  startTime: string;
  endTime: string;
}

export const migrations: AppMigrations = {
  '001': (db) =>
    db.schema
      .createTable('people')
      .addColumn('slack_user', 'text', (c) => c.primaryKey())
      .addColumn('connection', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text', (c) => c.notNull())
      .addColumn('end_time', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute(),
};

/** The people table of one app context. */
export class People {
  readonly #ctx: AppContext;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  get #db(): Kysely<Tables> {
    return this.#ctx.db as Kysely<Tables>;
  }

  async get(slackUser: string): Promise<Person | undefined> {
    const row = await this.#db
      .selectFrom('people')
      .selectAll()
      .where('slack_user', '=', slackUser)
      .executeTakeFirst();
    return row && personOf(row);
  }

  /** Registers or updates a person; the first registration's time stays as created_at. */
  async save(person: Person): Promise<void> {
    const now = this.#ctx.clock.now();
    const values = {
      connection: person.connection,
      member_id: person.memberId,
      user_id: person.userId,
      start_time: person.startTime,
      end_time: person.endTime,
      updated_at: now,
    };
    await this.#db
      .insertInto('people')
      .values({ slack_user: person.slackUser, ...values, created_at: now })
      .onConflict((oc) => oc.column('slack_user').doUpdateSet(values))
      .execute();
  }

  /** Whether someone was removed. */
  async delete(slackUser: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('people').where('slack_user', '=', slackUser).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function personOf(row: PeopleTable): Person {
  return {
    slackUser: row.slack_user,
    connection: row.connection,
    memberId: row.member_id,
    userId: row.user_id,
    startTime: row.start_time,
    endTime: row.end_time,
  };
}
