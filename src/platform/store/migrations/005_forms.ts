import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Portable forms an app has sent and their answers (see engine/forms). `answers` never holds a
 * secret field's value: those go to the app in memory only.
 */
export function forms(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('forms')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('app', 'text', (col) => col.notNull())
        .addColumn('form_key', 'text')
        .addColumn('target', 'text', (col) => col.notNull())
        // The person the form was sent to answer, when known (the author of the command).
        .addColumn('asked', 'text')
        .addColumn('form', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('answers', 'text')
        .addColumn('answered_by', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('submitted_at', 'bigint')
        .addColumn('delivered_at', 'bigint')
        .addCheckConstraint('forms_status', sql`${sql.ref('status')} in ('open', 'submitted', 'delivered')`)
        .execute();
      // Redelivery after an app restart looks up its submitted-but-not-delivered answers.
      await db.schema.createIndex('forms_app_status').on('forms').columns(['app', 'status']).execute();
    },
  };
}
