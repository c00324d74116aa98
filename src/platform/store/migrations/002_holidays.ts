import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Curated market-calendar entries that override the exchange rules (see HolidayRepo). */
export function holidays(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('holidays')
        .addColumn('exchange', 'text', (col) => col.notNull())
        .addColumn('date', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('open', 'text')
        .addColumn('close', 'text')
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('holidays_pk', ['exchange', 'date'])
        // The repository validates too; this keeps a hand-edited or imported row from being
        // silently read as something the calendar code does not understand.
        .addCheckConstraint('holidays_kind', sql`${sql.ref('kind')} in ('closed', 'open', 'session')`)
        .execute();
    },
  };
}
