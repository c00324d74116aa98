// What the tests read from the cluster's Postgres database: the store is the record of truth.
import { until } from '../cli.ts';
import { millis, type TestDatabase } from './database.ts';

export type OutboxDepth = Record<'pending' | 'sending' | 'delivered' | 'dead', number>;

/** Outbox rows by status. */
export async function outboxDepth(db: TestDatabase): Promise<OutboxDepth> {
  const rows = await db.query<{ status: string; n: string }>(
    'select status, count(*) as n from outbox group by status',
  );
  const depth: OutboxDepth = { pending: 0, sending: 0, delivered: 0, dead: 0 };
  for (const r of rows) depth[r.status as keyof OutboxDepth] = Number(r.n);
  return depth;
}

/** Waits until the outbox holds `total` rows, none pending or sending; returns the depth. */
export function outboxSettled(db: TestDatabase, total: number, timeoutMs: number): Promise<OutboxDepth> {
  return until(
    `${total} outbox rows settled`,
    async () => {
      const d = await outboxDepth(db).catch(() => undefined);
      return d && d.pending + d.sending === 0 && d.delivered + d.dead === total && d;
    },
    timeoutMs,
  );
}

/** Every outbox id (the Idempotency-Key each message carries). */
export async function outboxIds(db: TestDatabase): Promise<Set<string>> {
  return new Set((await db.query<{ id: string }>('select id from outbox')).map((r) => r.id));
}

/** Occurrence (epoch ms) → how many times it appears, from schedule_fires and from app_runs. */
export interface Occurrences {
  fires: Map<number, number>;
  /** Runs of the app that had an occurrence (scheduled or missed), by scheduled_at. */
  runs: Map<number, number>;
  /** Occurrence → node that claimed it (schedule_fires). */
  nodeOf: Map<number, string>;
  /** Runs that failed (error, timed-out), with why: a run cut by a kill -9 is not a failure here. */
  failed: Array<{ scheduledAt: number; outcome: string; error: string | null }>;
}

export async function occurrences(db: TestDatabase, app: string): Promise<Occurrences> {
  const fires = await db.query<{ scheduled_at: unknown; node: string }>(
    `select scheduled_at, node from schedule_fires where job like '%' || $1 || '%'`,
    [app],
  );
  const runs = await db.query<{ scheduled_at: unknown; outcome: string; error: string | null }>(
    'select scheduled_at, outcome, error from app_runs where app = $1 and scheduled_at is not null',
    [app],
  );
  const count = (times: number[]) => {
    const map = new Map<number, number>();
    for (const t of times) map.set(t, (map.get(t) ?? 0) + 1);
    return map;
  };
  return {
    fires: count(fires.map((f) => millis(f.scheduled_at))),
    runs: count(runs.map((r) => millis(r.scheduled_at))),
    nodeOf: new Map(fires.map((f) => [millis(f.scheduled_at), f.node])),
    failed: runs
      .filter((r) => r.outcome === 'error' || r.outcome === 'timed-out')
      .map((r) => ({ scheduledAt: millis(r.scheduled_at), outcome: r.outcome, error: r.error })),
  };
}

/** Entries counted more than once. */
export function repeated(counts: Map<number, number>): Array<[number, number]> {
  return [...counts].filter(([, n]) => n > 1);
}

/** Whole seconds in [from, to) that are not among `seen`. */
export function missingSeconds(seen: Map<number, number>, from: number, to: number): number[] {
  const missing: number[] = [];
  for (let t = Math.ceil(from / 1000) * 1000; t < to; t += 1000) if (!seen.has(t)) missing.push(t);
  return missing;
}
