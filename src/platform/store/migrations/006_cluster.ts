import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Cluster mode (several daemons on one Postgres store): leases for singleton work, the node
 * registry, and the "each occurrence fires once" claims. SQLite gets the same tables so one
 * conformance suite covers both dialects. `node` on runs and inbox deliveries says which daemon is
 * running or handing them, so a live node can clean up after a dead one and only after it.
 */
export function cluster(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('holder', 'text', (col) => col.notNull())
        .addColumn('epoch', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('acquired_at', 'bigint', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('cluster_nodes')
        .addColumn('node', 'text', (col) => col.primaryKey())
        .addColumn('host', 'text', (col) => col.notNull())
        .addColumn('pid', 'integer', (col) => col.notNull())
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('started_at', 'bigint', (col) => col.notNull())
        .addColumn('heartbeat_at', 'bigint', (col) => col.notNull())
        .addColumn('stopped_at', 'bigint')
        // App name → state, JSON text like every other JSON column (both dialects agree).
        .addColumn('apps', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('schedule_fires')
        .addColumn('job', 'text', (col) => col.notNull())
        .addColumn('scheduled_at', 'bigint', (col) => col.notNull())
        .addColumn('node', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('schedule_fires_pk', ['job', 'scheduled_at'])
        .execute();
      // Housekeeping deletes old claims of every job at once.
      await db.schema
        .createIndex('schedule_fires_scheduled')
        .on('schedule_fires')
        .column('scheduled_at')
        .execute();

      await db.schema.alterTable('app_runs').addColumn('node', 'text').execute();
      await db.schema.alterTable('inbox_deliveries').addColumn('node', 'text').execute();
    },
  };
}
