import type { AppDatabaseLocation } from './app-database-location.ts';
import type { LeaseRepo, NodeRepo, ScheduleFireRepo } from './cluster-types.ts';
import type { ApiTokenRepo, AuditRepo, ConsoleSessionRepo, ConsoleUserRepo } from './console-types.ts';

/**
 * The store's repositories. One implementation (Kysely) serves SQLite and Postgres; the conformance
 * suite in store.conformance.test.ts runs against both. All times are epoch milliseconds (numbers).
 */

export type RunTrigger = 'schedule' | 'manual' | 'missed';
export type RunOutcome = 'running' | 'ok' | 'error' | 'skipped' | 'timed-out' | 'crashed' | 'interrupted';

export interface RunRecord {
  id: number;
  app: string;
  trigger: RunTrigger;
  /** The occurrence this run belongs to (schedule/missed), or null for manual runs. */
  scheduledAt: number | null;
  startedAt: number;
  endedAt: number | null;
  outcome: RunOutcome;
  error: string | null;
  /** The cluster node that ran it (see NodeRow.node); null in local mode. */
  node: string | null;
}

export interface RunListFilter {
  outcome?: string;
  /** Only runs with an id below this one (the last id of the previous page). */
  before?: number;
}

export interface RunRepo {
  start(run: {
    app: string;
    trigger: RunTrigger;
    scheduledAt?: number | null;
    startedAt: number;
    /** Cluster mode: the node running it, so a live node can end it if this one dies. */
    node?: string | null;
  }): Promise<number>;
  finish(
    id: number,
    result: { endedAt: number; outcome: Exclude<RunOutcome, 'running'>; error?: string | null },
  ): Promise<void>;
  /** Records a run that never started (e.g. skipped by overlap policy). */
  record(run: Omit<RunRecord, 'id' | 'node'> & { node?: string | null }): Promise<number>;
  get(id: number): Promise<RunRecord | undefined>;
  /** Most recent run of an app (by startedAt, then id). */
  last(app: string): Promise<RunRecord | undefined>;
  /** Latest scheduledAt among an app's schedule/missed runs; drives missed-run detection. */
  lastScheduled(app: string): Promise<number | undefined>;
  /** Newest first; `before` pages (runs with a smaller id), `outcome` keeps one outcome only. */
  list(app: string, limit?: number, filter?: RunListFilter): Promise<RunRecord[]>;
  /**
   * Runs still 'running' (left by a daemon that died) become 'interrupted'. Returns how many. With
   * `node` (cluster mode): only that node's runs — at its own start, or a live node cleaning up
   * after a dead one (engine/cluster/node-registry.ts). Without: every running run (local mode).
   */
  markInterrupted(endedAt: number, node?: string): Promise<number>;
  countByOutcome(): Promise<Array<{ app: string; outcome: RunOutcome; count: number }>>;
  /** Deletes finished runs that ended before `before`, except each app's latest run (status and missed-run catch-up need it). */
  prune(before: number): Promise<number>;
}

export interface KvRepo {
  get<T = unknown>(app: string, key: string): Promise<T | undefined>;
  /** Values are stored as JSON. */
  set(app: string, key: string, value: unknown): Promise<void>;
  delete(app: string, key: string): Promise<boolean>;
  list(app: string, prefix?: string): Promise<Array<{ key: string; value: unknown }>>;
  /** Many sets and deletes in one transaction: all apply or none (see StateChanges). */
  write(app: string, changes: StateChanges): Promise<void>;
}

/**
 * Changes to one app's key-value state written together. A key appears in `set` or in `delete`,
 * not both (a key in both is refused).
 */
export interface StateChanges {
  set?: Array<{ key: string; value: unknown }>;
  delete?: string[];
}

/**
 * A connector's own state (cursors, tokens, registered webhook ids), in a key space no other
 * connection shares. Values are JSON; `secret: true` encrypts one at rest with the master key.
 */
export interface ConnectorStateRepo {
  readonly namespace: string;
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: { secret?: boolean }): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Sorted by key; secrets come back decrypted. */
  list(prefix?: string): Promise<Array<{ key: string; value: unknown }>>;
}

/**
 * A curated market-calendar entry. It always wins over the rules: `closed` adds a closure,
 * `open` forces a day open (a rule's holiday the exchange trades on), `session` sets other hours.
 */
export interface HolidayEntry {
  /** MIC or custom exchange code, upper case. */
  exchange: string;
  /** YYYY-MM-DD in the exchange's timezone. */
  date: string;
  kind: 'closed' | 'open' | 'session';
  name: string;
  /** HH:MM local, for kind 'session' (absent = regular). */
  open?: string | null;
  close?: string | null;
  /** Who put it there: 'manual' (CLI), 'import', or a provider's name after review. */
  source: string;
  updatedAt: number;
}

export interface HolidayRepo {
  /** Inserts or replaces the entry for (exchange, date). */
  put(entry: HolidayEntry): Promise<void>;
  /** All of them in one transaction: none is written when one fails. */
  putMany(entries: HolidayEntry[]): Promise<void>;
  get(exchange: string, date: string): Promise<HolidayEntry | undefined>;
  delete(exchange: string, date: string): Promise<boolean>;
  /** Ordered by exchange, then date; `from`/`to` inclusive. */
  list(filter?: { exchange?: string; from?: string; to?: string }): Promise<HolidayEntry[]>;
}

export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'dead';

export interface NewOutboxItem {
  /** Unique id (uuid); also sent as the idempotency key. */
  id: string;
  app: string | null;
  /** The named target or raw target the app asked for, for display. */
  target: string;
  connection: string;
  /** The part after the connection, e.g. "channel/abc-123"; empty for single-destination connections. */
  destination: string;
  /** 'portable' (a PortableMessage), 'native' (the connector's own payload) or 'form' (a FormDelivery). */
  kind: 'portable' | 'native' | 'form';
  payload: unknown;
  createdAt: number;
}

export interface OutboxItem extends NewOutboxItem {
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  /** While status is 'sending': after this instant the claim is stale and the item is due again. */
  leaseUntil: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

/** A row a queue could claim now, named by what a cluster send ticket carries. */
export interface ClaimableRef {
  id: string;
  connection: string;
  /** The row's attempt count: with the id it names one ticket, so re-adding it is a no-op. */
  attempts: number;
}

export interface OutboxListFilter {
  status?: OutboxStatus;
  connection?: string;
  /** Only items created at or after this instant. */
  since?: number;
  /** Only items created before this instant. */
  until?: number;
  /** Only items this app sent. */
  app?: string;
  limit?: number;
}

export interface InboxListFilter {
  connection?: string;
  /** Only events handed (or to be handed) to this app. */
  app?: string;
  /** Received at or after / before these instants. */
  since?: number;
  until?: number;
  limit?: number;
}

/** An app's state changes committed in the same transaction as outbox items. */
export interface AppStateChanges extends StateChanges {
  app: string;
}

export interface OutboxRepo {
  /**
   * Inserts all items in one transaction: status pending, attempts 0, due now. `state` (an app's
   * key-value changes) commits in that same transaction, so "queued" and "done with it" agree.
   */
  enqueue(items: NewOutboxItem[], state?: AppStateChanges): Promise<void>;
  /**
   * Atomically claims up to `limit` due items — pending with nextAttemptAt <= now, or sending with an
   * expired lease (a daemon died mid-delivery) — sets them 'sending', leaseUntil = now + leaseMs,
   * attempts + 1, and returns them. Optional: only these connections. Two claimers never get the same item.
   */
  claimDue(now: number, limit: number, leaseMs: number, connections?: string[]): Promise<OutboxItem[]>;
  /**
   * claimDue for named rows of one connection (the cluster queue's tickets): each is claimed only if
   * it is claimable now, with the same effect as claimDue. Rows not claimable are left alone and not
   * returned. Oldest due first.
   */
  claimIds(ids: string[], now: number, leaseMs: number, connection: string): Promise<OutboxItem[]>;
  /** Rows claimDue would take now, of these connections, oldest due first, at most `limit`. */
  listClaimable(now: number, connections: string[], limit: number): Promise<ClaimableRef[]>;
  /** Returns whether the row changed (false when it was delivered already). */
  markDelivered(id: string, at: number): Promise<boolean>;
  /**
   * `claim` is the attempts value the caller's claimDue returned: then only while that claim holds
   * (still 'sending', nobody claimed it since). Without it, any state but delivered. Returns whether it applied.
   */
  markRetry(id: string, nextAttemptAt: number, error: string, claim?: number): Promise<boolean>;
  /** Same guard as markRetry. */
  markDead(id: string, error: string, claim?: number): Promise<boolean>;
  get(id: string): Promise<OutboxItem | undefined>;
  /** Newest first (createdAt, then id, descending). */
  list(filter?: OutboxListFilter): Promise<OutboxItem[]>;
  /** Dead (or given) items go back to pending with attempts 0, due at `now`. Returns how many. */
  retry(now: number, filter: { ids?: string[]; status?: 'dead' }): Promise<number>;
  /** Deletes delivered and/or dead items (never pending or sending). Returns how many. */
  purge(filter: { status: 'delivered' | 'dead'; before?: number }): Promise<number>;
  /** Count per status (every status present, zeros included). */
  depth(): Promise<Record<OutboxStatus, number>>;
  /** Count per connection and status, connections in name order (only connections with items). */
  depthByConnection(): Promise<Array<{ connection: string } & Record<OutboxStatus, number>>>;
  /** The earliest nextAttemptAt among pending items (or lease end of sending), for the worker's sleep. */
  nextDue(): Promise<number | undefined>;
}

export interface InboxRecord {
  id: number;
  connection: string;
  dedupeKey: string;
  payload: unknown;
  receivedAt: number;
  status: 'new' | 'done';
}

export interface InboxRepo {
  /** Stores the event unless (connection, dedupeKey) was seen; inserted=false means duplicate. */
  insert(event: { connection: string; dedupeKey: string; payload: unknown; receivedAt: number }): Promise<{
    inserted: boolean;
    id: number;
  }>;
  /** Oldest first. */
  listNew(limit: number): Promise<InboxRecord[]>;
  markDone(id: number): Promise<void>;
  get(id: number): Promise<InboxRecord | undefined>;
  /** Newest first. */
  list(filter?: InboxListFilter): Promise<InboxRecord[]>;
  /** Deletes done events older than `before` whose deliveries have all ended, with those deliveries. */
  prune(before: number): Promise<number>;
}

/**
 * Where one app stands with one inbound event. pending: waiting for the app to be up; handing: given
 * to the app, not yet handled; done; failed (the handler threw, or the app died handling it twice);
 * skipped (the app, once up, does not take this kind of event); dropped (held past `inbox.holdFor`).
 */
export type InboxDeliveryStatus = 'pending' | 'handing' | 'done' | 'failed' | 'skipped' | 'dropped';

export interface InboxDelivery {
  inboxId: number;
  app: string;
  status: InboxDeliveryStatus;
  /** Times the event was handed to the app. */
  attempts: number;
  createdAt: number;
  updatedAt: number;
  error: string | null;
}

export interface InboxDeliveryRepo {
  /**
   * One pending delivery per app, and the event marked routed ('done' in the inbox), in one
   * transaction. An app that already has a row for the event keeps it as it is (a replay adds nothing).
   */
  fanOut(inboxId: number, apps: string[], at: number): Promise<void>;
  /** An app's pending deliveries with their events, oldest event first. */
  pending(app: string, limit: number): Promise<Array<InboxDelivery & { event: unknown }>>;
  /**
   * pending → handing with attempts + 1; the new attempt count, or undefined when it was not pending.
   * `node` (cluster mode) records who is handing it, for recoverInterrupted's `node`.
   */
  claim(inboxId: number, app: string, at: number, node?: string): Promise<number | undefined>;
  /** Ends a pending or handing delivery. False when it had ended already. */
  finish(
    inboxId: number,
    app: string,
    outcome: { status: 'done' | 'failed' | 'skipped' | 'dropped'; at: number; error?: string },
  ): Promise<boolean>;
  /**
   * The app died while handling it: handing → pending, to be handed again once the app is back, or
   * → failed when it was handed `maxAttempts` times already. Returns the new status (undefined: was not handing).
   */
  release(
    inboxId: number,
    app: string,
    opts: { at: number; maxAttempts: number; error: string },
  ): Promise<'pending' | 'failed' | undefined>;
  /**
   * After a daemon restart: every delivery left 'handing' is released (see release). Returns how many
   * went back to pending. With `node` (cluster mode): only the deliveries that node claimed — at its
   * own start, or a live node cleaning up after a dead one. `error` says why (a default otherwise).
   */
  recoverInterrupted(opts: {
    at: number;
    maxAttempts: number;
    node?: string;
    error?: string;
  }): Promise<number>;
  /** Pending deliveries created before `before` become dropped; returns them (for the log). */
  expire(before: number, at: number): Promise<Array<{ inboxId: number; app: string }>>;
  /** For inspection and tests: ordered by inboxId, then app. */
  list(filter?: { app?: string; inboxId?: number }): Promise<InboxDelivery[]>;
}

export interface TokenRecord {
  connection: string;
  kind: string;
  /** Plaintext; the repository encrypts it at rest (AES-256-GCM with the master key). */
  value: string;
  expiresAt: number | null;
  updatedAt: number;
  meta: Record<string, unknown>;
}

export interface TokenRepo {
  put(token: Omit<TokenRecord, 'updatedAt'> & { updatedAt?: number }): Promise<void>;
  get(connection: string, kind: string): Promise<TokenRecord | undefined>;
  list(connection?: string): Promise<TokenRecord[]>;
  delete(connection: string, kind: string): Promise<boolean>;
}

export interface SandboxMessage {
  id: number;
  /** e.g. "channel/general" or "user/alice". */
  destination: string;
  connection: string;
  direction: 'out' | 'in';
  author: string;
  payload: unknown;
  createdAt: number;
}

export interface SandboxRepo {
  add(message: Omit<SandboxMessage, 'id'>): Promise<SandboxMessage>;
  /** Oldest first; afterId for polling. */
  list(filter?: {
    connection?: string;
    destination?: string;
    afterId?: number;
    limit?: number;
  }): Promise<SandboxMessage[]>;
  destinations(
    connection?: string,
  ): Promise<Array<{ connection: string; destination: string; count: number }>>;
}

export interface FormRecord {
  id: string;
  app: string;
  /** The app's name for this kind of form (ctx.onForm), or null. */
  key: string | null;
  target: string;
  /** The person asked, when known (the author of the command the form answers). */
  asked: string | null;
  /** The PortableForm as sent. */
  form: unknown;
  /** open → submitted (answers stored, app not told yet) → delivered (the app took them). */
  status: 'open' | 'submitted' | 'delivered';
  /** The answers without secret fields. */
  answers: unknown;
  answeredBy: string | null;
  createdAt: number;
  expiresAt: number;
  submittedAt: number | null;
  deliveredAt: number | null;
}

export interface FormRepo {
  create(
    form: Omit<FormRecord, 'status' | 'answers' | 'answeredBy' | 'submittedAt' | 'deliveredAt'>,
  ): Promise<void>;
  get(id: string): Promise<FormRecord | undefined>;
  /** open → submitted, only if still open and unexpired at `at`; false when another submit won. */
  submit(id: string, answer: { answers: unknown; answeredBy: string; at: number }): Promise<boolean>;
  markDelivered(id: string, at: number): Promise<void>;
  /** Submitted but not yet taken by the app, oldest first. */
  undelivered(app: string): Promise<FormRecord[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly runs: RunRepo;
  readonly kv: KvRepo;
  readonly outbox: OutboxRepo;
  readonly inbox: InboxRepo;
  readonly inboxDeliveries: InboxDeliveryRepo;
  readonly tokens: TokenRepo;
  readonly sandbox: SandboxRepo;
  readonly holidays: HolidayRepo;
  /** Where an app's own database (ctx.db) lives beside this store: its SQLite file or Postgres schema. */
  appDatabase(app: string): AppDatabaseLocation;
  readonly forms: FormRepo;
  /** Cluster mode: leases for singleton work (fencing epochs), database clock. */
  readonly leases: LeaseRepo;
  /** Cluster mode: the daemons sharing this store and their heartbeats. */
  readonly nodes: NodeRepo;
  /** Cluster mode: which node fired each schedule occurrence (each fires once). */
  readonly fires: ScheduleFireRepo;
  /** Console logins (console-types.ts): users, their sessions, API tokens, and the audit log. */
  readonly consoleUsers: ConsoleUserRepo;
  readonly consoleSessions: ConsoleSessionRepo;
  readonly apiTokens: ApiTokenRepo;
  readonly audit: AuditRepo;
  /** A connector's namespaced state (its own key space, never another connection's). */
  connectorState(namespace: string): ConnectorStateRepo;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** 'sqlite' or a postgres:// URL. */
  url: string;
  /** Where the SQLite file lives (file: <dataDir>/opsbot.db). */
  dataDir: string;
  /** 32-byte key that encrypts tokens. */
  masterKey: Buffer;
  /**
   * Postgres only: schema to use (tests isolate themselves with one each). Default: the URL's
   * `schema` query parameter (`postgres://…/db?schema=ops`), else 'public'.
   */
  schema?: string;
}
