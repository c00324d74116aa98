import type { Cluster } from './cluster.ts';
import type { TestDatabase } from './database.ts';
import { undelivered } from './queries.ts';

/**
 * What a failed cluster test prints: its own notes (phase times, server logs), the outbox rows not
 * delivered, and the end of every node's log.
 */
export async function diagnose(cluster: Cluster, db: TestDatabase, ...notes: string[]): Promise<string> {
  const outbox = await undelivered(db).catch((err: unknown) => `(outbox unreadable: ${String(err)})`);
  return [...notes, '----- outbox rows not delivered -----', outbox, cluster.logTail()].join('\n');
}
