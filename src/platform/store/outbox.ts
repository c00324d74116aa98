import type { CompiledQuery, ExpressionBuilder, Selectable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { StoreContext } from './context.ts';
import { fromJson, toJson } from './json.ts';
import { stateQueries } from './kv.ts';
import type { Database, OutboxTable } from './schema.ts';
import type {
  AppStateChanges,
  ClaimableRef,
  NewOutboxItem,
  OutboxItem,
  OutboxListFilter,
  OutboxRepo,
  OutboxStatus,
} from './types.ts';

const STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'delivered', 'dead'];
const DEFAULT_LIST_LIMIT = 100;
/** Rows per INSERT: far below either dialect's bound-parameter limit (14 columns each). */
const INSERT_CHUNK = 200;

export class OutboxRepository implements OutboxRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async enqueue(items: NewOutboxItem[], state?: AppStateChanges): Promise<void> {
    const queries: CompiledQuery[] = state ? stateQueries(this.#ctx.db, state.app, state) : [];
    for (let i = 0; i < items.length; i += INSERT_CHUNK) {
      const rows = items.slice(i, i + INSERT_CHUNK).map((item) => ({
        id: item.id,
        app: item.app,
        target: item.target,
        connection: item.connection,
        destination: item.destination,
        kind: item.kind,
        payload: toJson(item.payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: item.createdAt,
        lease_until: null,
        last_error: null,
        created_at: item.createdAt,
        delivered_at: null,
      }));
      queries.push(this.#ctx.db.insertInto('outbox').values(rows).compile());
    }
    if (queries.length > 0) await this.#ctx.atomically(queries);
  }

  /**
   * One UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING, so selecting and claiming cannot be split
   * by another claimer. Postgres: the subquery locks with SKIP LOCKED, so concurrent claimers pass
   * over each other's rows (and re-check the WHERE on rows committed meanwhile). SQLite: a write
   * statement takes the database write lock before it reads, so the statement is its own immediate
   * transaction; no explicit BEGIN, which would hold the lock across an await (see NodeSqliteDatabase).
   */
  async claimDue(now: number, limit: number, leaseMs: number, connections?: string[]): Promise<OutboxItem[]> {
    if (limit <= 0 || connections?.length === 0) return [];
    const { db, kind } = this.#ctx;
    const due =
      kind === 'sqlite'
        ? this.#dueInClaimOrder(now, limit, connections)
        : this.#dueLocked(now, limit, connections);
    const rows = await db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return oldestDueFirst(rows.map(toItem));
  }

  /** Postgres: the claimable rows in claim order, locked with SKIP LOCKED against other claimers. */
  #dueLocked(now: number, limit: number, connections?: string[]) {
    let due = this.#ctx.db
      .selectFrom('outbox')
      .select('id')
      .where((eb) => claimable(eb, now))
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit);
    if (connections) due = due.where('connection', 'in', connections);
    return due.forUpdate().skipLocked();
  }

  /**
   * The same rows as claimDue's single SELECT, for SQLite's planner: it cannot walk an index in
   * order through the OR of "pending and due" and "sending past its lease", so it read and sorted
   * every pending row of the connection at each claim. Each half alone walks outbox_claim in order
   * and stops after `limit`; the union of the two short lists is ordered again.
   */
  #dueInClaimOrder(now: number, limit: number, connections?: string[]) {
    const { db } = this.#ctx;
    const half = (pending: boolean) => {
      let rows = db
        .selectFrom('outbox')
        .select(['id', 'next_attempt_at', 'created_at'])
        .where('status', '=', pending ? 'pending' : 'sending')
        .where(pending ? 'next_attempt_at' : 'lease_until', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit);
      if (connections) rows = rows.where('connection', 'in', connections);
      return db.selectFrom(rows.as(pending ? 'pending' : 'expired')).selectAll();
    };
    return db
      .selectFrom(half(true).unionAll(half(false)).as('due'))
      .select('id')
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit);
  }

  /**
   * One conditional UPDATE: the WHERE is the claimability test, so a row another claimer took first
   * (Postgres re-checks the WHERE on the row it waited for) or that is delivered, dead or not due is
   * simply not returned.
   */
  async claimIds(ids: string[], now: number, leaseMs: number, connection: string): Promise<OutboxItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.#ctx.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', ids)
      .where('connection', '=', connection)
      .where((eb) => claimable(eb, now))
      .returningAll()
      .execute();
    return oldestDueFirst(rows.map(toItem));
  }

  async listClaimable(now: number, connections: string[], limit: number): Promise<ClaimableRef[]> {
    if (limit <= 0 || connections.length === 0) return [];
    const rows = await this.#ctx.db
      .selectFrom('outbox')
      .select(['id', 'connection', 'attempts'])
      .where('connection', 'in', connections)
      .where((eb) => claimable(eb, now))
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, connection: row.connection, attempts: Number(row.attempts) }));
  }

  /** Returns whether the row changed; a delivery is recorded whatever the claim, since it is true. */
  async markDelivered(id: string, at: number): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('outbox')
      .set({ status: 'delivered', delivered_at: at, lease_until: null })
      .where('id', '=', id)
      .where('status', '!=', 'delivered')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * With `claim` (the attempts value the caller's claim returned), only while that claim still holds:
   * a worker whose lease expired must not hand a row another worker is sending back to 'pending'
   * (a third worker would send it again). Without it (operators, tests), any state but delivered.
   */
  async markRetry(id: string, nextAttemptAt: number, error: string, claim?: number): Promise<boolean> {
    let query = this.#ctx.db
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: nextAttemptAt, last_error: error, lease_until: null })
      .where('id', '=', id);
    query = claim === undefined ? query.where('status', '!=', 'delivered') : guard(query, claim);
    return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
  }

  async markDead(id: string, error: string, claim?: number): Promise<boolean> {
    let query = this.#ctx.db
      .updateTable('outbox')
      .set({ status: 'dead', last_error: error, lease_until: null })
      .where('id', '=', id);
    query = claim === undefined ? query.where('status', '!=', 'delivered') : guard(query, claim);
    return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    const row = await this.#ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toItem(row);
  }

  /** Oldest first (createdAt, then id). */
  async list(filter: OutboxListFilter = {}): Promise<OutboxItem[]> {
    let query = this.#ctx.db.selectFrom('outbox').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.connection) query = query.where('connection', '=', filter.connection);
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
    if (filter.app !== undefined) query = query.where('app', '=', filter.app);
    // Newest first: what someone looking at the outbox wants is what just happened.
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_LIST_LIMIT)
      .execute();
    return rows.map(toItem);
  }

  /**
   * `ids` may name items in any state but 'sending': resetting an in-flight item would let a second
   * worker send it while the first still is. An empty filter retries nothing.
   */
  async retry(now: number, filter: { ids?: string[]; status?: 'dead' }): Promise<number> {
    if (!filter.ids && !filter.status) return 0;
    if (filter.ids?.length === 0) return 0;
    let query = this.#ctx.db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, delivered_at: null })
      .where('status', '!=', 'sending');
    if (filter.ids) query = query.where('id', 'in', filter.ids);
    if (filter.status) query = query.where('status', '=', filter.status);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** `before` compares deliveredAt for delivered items and createdAt for dead ones (no death time is kept). */
  async purge(filter: { status: 'delivered' | 'dead'; before?: number }): Promise<number> {
    // Re-checked here because the type alone does not stop a caller passing 'pending' at runtime.
    if (filter.status !== 'delivered' && filter.status !== 'dead') return 0;
    let query = this.#ctx.db.deleteFrom('outbox').where('status', '=', filter.status);
    if (filter.before !== undefined) {
      query = query.where(filter.status === 'delivered' ? 'delivered_at' : 'created_at', '<', filter.before);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async depth(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.#ctx.db
      .selectFrom('outbox')
      .select((eb) => ['status', eb.fn.countAll().as('count')])
      .groupBy('status')
      .execute();
    const depth = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<OutboxStatus, number>;
    for (const row of rows) depth[row.status as OutboxStatus] = Number(row.count);
    return depth;
  }

  async depthByConnection(): Promise<Array<{ connection: string } & Record<OutboxStatus, number>>> {
    const rows = await this.#ctx.db
      .selectFrom('outbox')
      .select((eb) => ['connection', 'status', eb.fn.countAll().as('count')])
      .groupBy(['connection', 'status'])
      .execute();
    const byConnection = new Map<string, { connection: string } & Record<OutboxStatus, number>>();
    for (const row of rows) {
      let counts = byConnection.get(row.connection);
      if (!counts) {
        counts = { connection: row.connection, ...Object.fromEntries(STATUSES.map((s) => [s, 0])) } as {
          connection: string;
        } & Record<OutboxStatus, number>;
        byConnection.set(row.connection, counts);
      }
      counts[row.status as OutboxStatus] = Number(row.count);
    }
    return [...byConnection.values()].sort((a, b) => (a.connection < b.connection ? -1 : 1));
  }

  async nextDue(): Promise<number | undefined> {
    // Two index lookups, not one MIN over a CASE, which read every pending row (a burst's thousands)
    // at each pass of the delivery worker.
    const earliest = async (pending: boolean) => {
      const column = pending ? 'next_attempt_at' : 'lease_until';
      const row = await this.#ctx.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min(column).as('at'))
        .where('status', '=', pending ? 'pending' : 'sending')
        .executeTakeFirst();
      return row?.at == null ? undefined : Number(row.at);
    };
    const times = (await Promise.all([earliest(true), earliest(false)])).filter((at) => at !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }
}

/** The claim still holds: the row is 'sending' and nobody claimed it since (each claim bumps attempts). */
function guard<Q extends UpdateQueryBuilder<Database, 'outbox', 'outbox', UpdateResult>>(
  query: Q,
  claim: number,
): Q {
  return query.where('status', '=', 'sending').where('attempts', '=', claim) as Q;
}

/** Due now: pending and its time has come, or 'sending' under a lease that ran out (its worker died). */
function claimable(eb: ExpressionBuilder<Database, 'outbox'>, now: number) {
  return eb.or([
    eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
  ]);
}

/** RETURNING order is unspecified; items are handed out oldest due first. */
function oldestDueFirst(items: OutboxItem[]): OutboxItem[] {
  return items.sort(
    (a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || cmp(a.id, b.id),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toItem(row: Selectable<OutboxTable>): OutboxItem {
  return {
    id: row.id,
    app: row.app,
    target: row.target,
    connection: row.connection,
    destination: row.destination,
    kind: row.kind as OutboxItem['kind'],
    payload: fromJson(row.payload),
    createdAt: row.created_at,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
  };
}
