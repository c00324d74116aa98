import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreKind } from '../context.ts';

/** The first schema: runs, app state, outbox, inbox, tokens and the sandbox's messages. */
export function initial(kind: StoreKind): Migration {
  // An auto-increment integer key is spelled differently per dialect; everything else is shared.
  const withId = <T extends string>(table: CreateTableBuilder<T, never>) =>
    kind === 'postgres'
      ? table.addColumn('id', 'bigint', (col: ColumnDefinitionBuilder) =>
          col.primaryKey().generatedByDefaultAsIdentity(),
        )
      : table.addColumn('id', 'integer', (col: ColumnDefinitionBuilder) => col.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('app_runs'))
        .addColumn('app', 'text', (col) => col.notNull())
        .addColumn('trigger', 'text', (col) => col.notNull())
        .addColumn('scheduled_at', 'bigint')
        .addColumn('started_at', 'bigint', (col) => col.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('app_runs_app_started')
        .on('app_runs')
        .columns(['app', 'started_at'])
        .execute();
      // Startup turns leftover 'running' rows into 'interrupted'; this keeps that from scanning history.
      await db.schema.createIndex('app_runs_outcome').on('app_runs').column('outcome').execute();

      await db.schema
        .createTable('app_state')
        .addColumn('app', 'text', (col) => col.notNull())
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('value', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('app_state_pk', ['app', 'key'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('app', 'text')
        .addColumn('target', 'text', (col) => col.notNull())
        .addColumn('connection', 'text', (col) => col.notNull())
        .addColumn('destination', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('delivered_at', 'bigint')
        .execute();
      // claimDue and nextDue: pending by next_attempt_at; 'sending' rows are few and found by status.
      await db.schema
        .createIndex('outbox_status_next')
        .on('outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('outbox_connection')
        .on('outbox')
        .columns(['connection', 'status'])
        .execute();

      await withId(db.schema.createTable('inbox'))
        .addColumn('connection', 'text', (col) => col.notNull())
        .addColumn('dedupe_key', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('received_at', 'bigint', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addUniqueConstraint('inbox_dedupe', ['connection', 'dedupe_key'])
        .execute();
      await db.schema.createIndex('inbox_status').on('inbox').columns(['status', 'id']).execute();

      await db.schema
        .createTable('tokens')
        .addColumn('connection', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('ciphertext', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addColumn('meta', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('tokens_pk', ['connection', 'kind'])
        .execute();

      await withId(db.schema.createTable('sandbox_messages'))
        .addColumn('connection', 'text', (col) => col.notNull())
        .addColumn('destination', 'text', (col) => col.notNull())
        .addColumn('direction', 'text', (col) => col.notNull())
        .addColumn('author', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('sandbox_messages_destination')
        .on('sandbox_messages')
        .columns(['connection', 'destination', 'id'])
        .execute();
    },
  };
}
