/**
 * Cluster-mode tables (several daemons on one Postgres store). They exist on SQLite too, so the
 * conformance suite runs on both, but only cluster mode (Postgres) uses them. Times are epoch ms.
 * Lease times come from the database clock (`now()`), never a node's own, so nodes with skewed
 * clocks still agree on who holds what.
 */

export interface LeaseRow {
  /** What the lease protects: `app:<name>`, `connection:<name>`, `cluster:<job>`. */
  name: string;
  /** The node id holding it (expired rows stay until someone takes them). */
  holder: string;
  /** Bumped whenever the lease changes hands: the fencing token a holder's writes carry. */
  epoch: number;
  expiresAt: number;
  /** When the current holder took it (not renewed). */
  acquiredAt: number;
}

export interface LeaseRepo {
  /**
   * Takes `name` for `holder` when it is free or expired, or renews it when `holder` already has it,
   * for `ttlMs` from the database's now. Returns the epoch when held (unchanged on renewal, +1 when
   * it changed hands), undefined when another holder's lease is still live. One SQL statement.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<number | undefined>;
  /** The fencing check: `holder` still holds `name` at `epoch` and it has not expired (DB time). */
  holds(name: string, holder: string, epoch: number): Promise<boolean>;
  /** Hands the lease over at once (clean stop): it expires now, if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
  /** Every lease row, by name. `live` is computed with the database clock. */
  list(): Promise<Array<LeaseRow & { live: boolean }>>;
}

export interface NodeRow {
  /** `node.name`, or host + pid. */
  node: string;
  host: string;
  pid: number;
  /** The node's gateway URL. */
  url: string;
  startedAt: number;
  /** Last heartbeat, database clock. */
  heartbeatAt: number;
  /** Set by a clean stop; a node that died keeps null and goes stale. */
  stoppedAt: number | null;
  /** App name → state on this node (`running`, `standby`, `backoff`, …) at the last heartbeat. */
  apps: Record<string, string>;
}

export interface NodeRepo {
  /** Inserts or updates the node's row; heartbeatAt becomes the database's now. */
  heartbeat(row: Omit<NodeRow, 'heartbeatAt' | 'stoppedAt'>): Promise<void>;
  markStopped(node: string): Promise<void>;
  /** Every node row, newest heartbeat first, with `ageMs` since its heartbeat (database clock). */
  list(): Promise<Array<NodeRow & { ageMs: number }>>;
  /** Deletes rows of nodes stopped or silent since before `before` (housekeeping). */
  prune(before: number): Promise<number>;
}

export interface ScheduleFireRepo {
  /**
   * Compare-and-set for "each occurrence fires once in the cluster": true for the first node to claim
   * (job, scheduledAt), false for everyone after. INSERT … ON CONFLICT DO NOTHING RETURNING.
   */
  claim(job: string, scheduledAt: number, node: string): Promise<boolean>;
  /** Who claimed an occurrence (tests, status). */
  list(job: string, since?: number): Promise<Array<{ scheduledAt: number; node: string }>>;
  prune(before: number): Promise<number>;
}
