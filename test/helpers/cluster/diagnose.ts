import type { Cluster } from './cluster.ts';
import type { TestDatabase } from './database.ts';
import type { WebhookSink } from './webhook-sink.ts';

export interface DiagnoseOptions {
  cluster: Cluster;
  db: TestDatabase;
  /** The receiver: each undelivered row's arrivals there (time and key) are listed. */
  sink?: WebhookSink;
  /** The test's own notes (phase times, server logs). */
  notes?: string[];
}

interface Undelivered {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  payload: string;
}

/** Outbox rows not delivered, each with what the receiver got of its text (ISO time, key). */
async function undeliveredRows(db: TestDatabase, sink: WebhookSink | undefined): Promise<string> {
  const rows = await db.query<Undelivered>(
    `select id, status, attempts, last_error, payload from outbox where status <> 'delivered' order by created_at limit 20`,
  );
  if (rows.length === 0) return '(every outbox row delivered)';
  return rows
    .map((r) => {
      const text = (JSON.parse(r.payload) as { text?: string }).text;
      const got = sink?.arrivals
        .filter((a) => a.text === text)
        .map((a) => `${new Date(a.at).toISOString()} key ${a.key === r.id ? 'same' : a.key}`);
      return `${JSON.stringify(r)}${got ? ` received: [${got.join(', ')}]` : ''}`;
    })
    .join('\n');
}

/**
 * What a failed cluster test prints: its own notes, the outbox rows not delivered (and what the
 * receiver got of them), and the end of every node's log.
 */
export async function diagnose(options: DiagnoseOptions): Promise<string> {
  const { cluster, db, sink, notes = [] } = options;
  const outbox = await undeliveredRows(db, sink).catch(
    (err: unknown) => `(outbox unreadable: ${String(err)})`,
  );
  return [...notes, '----- outbox rows not delivered -----', outbox, cluster.logTail()].join('\n');
}
