import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Connectors keep their own state here, one namespace each, instead of adding tables of their own. */
export function connectorState(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('connector_state')
        .addColumn('namespace', 'text', (col) => col.notNull())
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('value', 'text', (col) => col.notNull())
        .addColumn('secret', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('connector_state_pk', ['namespace', 'key'])
        .execute();
    },
  };
}
