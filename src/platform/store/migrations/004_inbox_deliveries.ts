import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * One row per (inbound event, app that should get it): the inbox row says an event arrived, these
 * say whether each app has handled it. An app that is down keeps its rows 'pending' until it is up.
 */
export function inboxDeliveries(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('inbox_deliveries')
        .addColumn('inbox_id', 'bigint', (col) => col.notNull())
        .addColumn('app', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('inbox_deliveries_pk', ['inbox_id', 'app'])
        .execute();
      await db.schema
        .createIndex('inbox_deliveries_open')
        .on('inbox_deliveries')
        .columns(['status', 'app', 'inbox_id'])
        .execute();
    },
  };
}
