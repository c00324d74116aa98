import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreKind } from '../context.ts';

/**
 * The console (console-types.ts): local users, login sessions, API tokens and the audit log. The
 * user column is `user_name` everywhere: `user` is a reserved word in Postgres.
 */
export function consoleTables(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('console_users')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addColumn('last_login_at', 'bigint')
        .execute();

      await db.schema
        .createTable('console_sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_name', 'text', (col) => col.notNull())
        .addColumn('csrf', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
      // Housekeeping prunes by expiry; removing a user deletes their sessions.
      await db.schema
        .createIndex('console_sessions_expires')
        .on('console_sessions')
        .column('expires_at')
        .execute();
      await db.schema
        .createIndex('console_sessions_user')
        .on('console_sessions')
        .column('user_name')
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_name', 'text', (col) => col.notNull())
        .addColumn('label', 'text')
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_name').execute();

      const audit = db.schema.createTable('audit_log');
      await (kind === 'postgres'
        ? audit.addColumn('id', 'bigint', (col: ColumnDefinitionBuilder) =>
            col.primaryKey().generatedByDefaultAsIdentity(),
          )
        : audit.addColumn('id', 'integer', (col: ColumnDefinitionBuilder) => col.primaryKey().autoIncrement())
      )
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('via', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target', 'text')
        .addColumn('args', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('error', 'text')
        .execute();
      // The list pages by id (newest first), optionally per actor or action; pruning goes by time.
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'id']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
    },
  };
}
