import type { AppContext, AppMigrations, Kysely } from 'opsbot';

/** The app's own tables (ctx.db). */
export interface Tables {
  teams: { name: string; manager: string };
  people: {
    email: string;
    name: string;
    team: string;
    /** 1 or 0. */
    admin: number;
    /** JSON array of messenger user ids. */
    ids: string;
    /** Where the person last wrote from: reminders go there. */
    reply_to: string | null;
  };
  picks: { email: string; month: string; day: string; picked_at: number };
  uploads: { email: string; week: string; file: string; uploaded_at: number };
  form_answers: { id: string; email: string; service: string; answers: string; answered_at: number };
}

export type Db = Kysely<Tables>;

export const dbOf = (ctx: AppContext): Db => ctx.db as Db;

export const migrations: AppMigrations = {
  '001': async (db) => {
    await db.schema
      .createTable('teams')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('manager', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('people')
      .addColumn('email', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('team', 'text', (c) => c.notNull())
      .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('reply_to', 'text')
      .execute();
    await db.schema
      .createTable('picks')
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('picked_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('picks_pk', ['email', 'month'])
      .execute();
    await db.schema
      .createTable('uploads')
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('uploads_pk', ['email', 'week'])
      .execute();
    await db.schema
      .createTable('form_answers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
