import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The delivery worker claims one connection's due rows, oldest first, each time a send finishes.
 * With only (connection, status) to go by, every claim read and sorted all of the connection's
 * pending rows: a burst of 10,000 alerts cost 10,000 such sorts. This index holds them in claim
 * order, so a claim reads only the rows it takes. Its first two columns are the old index's.
 */
export function outboxClaim(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('outbox_claim')
        .on('outbox')
        .columns(['connection', 'status', 'next_attempt_at', 'created_at', 'id'])
        .execute();
      await db.schema.dropIndex('outbox_connection').execute();
    },
  };
}
