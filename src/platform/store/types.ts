/**
 * The store's repositories. One implementation (Kysely) serves SQLite and Postgres; the conformance
 * suite in store.conformance.test.ts runs against both. All times are epoch milliseconds (numbers).
 */

export type RunTrigger = 'schedule' | 'manual' | 'missed';
export type RunOutcome = 'running' | 'ok' | 'error' | 'skipped' | 'timeout' | 'crashed' | 'interrupted';

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
}

export interface RunRepo {
  start(run: {
    app: string;
    trigger: RunTrigger;
    scheduledAt?: number | null;
    startedAt: number;
  }): Promise<number>;
  finish(
    id: number,
    result: { endedAt: number; outcome: Exclude<RunOutcome, 'running'>; error?: string | null },
  ): Promise<void>;
  /** Records a run that never started (e.g. skipped by overlap policy). */
  record(run: Omit<RunRecord, 'id'>): Promise<number>;
  get(id: number): Promise<RunRecord | undefined>;
  /** Most recent run of an app (by startedAt, then id). */
  last(app: string): Promise<RunRecord | undefined>;
  /** Latest scheduledAt among an app's schedule/missed runs; drives missed-run detection. */
  lastScheduled(app: string): Promise<number | undefined>;
  list(app: string, limit?: number): Promise<RunRecord[]>;
  /** Runs still 'running' (left by a daemon that died) become 'interrupted'. Returns how many. */
  markInterrupted(endedAt: number): Promise<number>;
  countByOutcome(): Promise<Array<{ app: string; outcome: RunOutcome; count: number }>>;
}

export interface KvRepo {
  get<T = unknown>(app: string, key: string): Promise<T | undefined>;
  /** Values are stored as JSON. */
  set(app: string, key: string, value: unknown): Promise<void>;
  delete(app: string, key: string): Promise<boolean>;
  list(app: string, prefix?: string): Promise<Array<{ key: string; value: unknown }>>;
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
  /** 'portable' (a PortableMessage) or 'native' (the connector's own payload). */
  kind: 'portable' | 'native';
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

export interface OutboxRepo {
  /** Inserts all items in one transaction: status pending, attempts 0, due now. */
  enqueue(items: NewOutboxItem[]): Promise<void>;
  /**
   * Atomically claims up to `limit` due items — pending with nextAttemptAt <= now, or sending with an
   * expired lease (a daemon died mid-delivery) — sets them 'sending', leaseUntil = now + leaseMs,
   * attempts + 1, and returns them. Optional: only these connections. Two claimers never get the same item.
   */
  claimDue(now: number, limit: number, leaseMs: number, connections?: string[]): Promise<OutboxItem[]>;
  markDelivered(id: string, at: number): Promise<void>;
  markRetry(id: string, nextAttemptAt: number, error: string): Promise<void>;
  markDead(id: string, error: string): Promise<void>;
  get(id: string): Promise<OutboxItem | undefined>;
  list(filter?: { status?: OutboxStatus; connection?: string; limit?: number }): Promise<OutboxItem[]>;
  /** Dead (or given) items go back to pending with attempts 0, due at `now`. Returns how many. */
  retry(now: number, filter: { ids?: string[]; status?: 'dead' }): Promise<number>;
  /** Deletes delivered and/or dead items (never pending or sending). Returns how many. */
  purge(filter: { status: 'delivered' | 'dead'; before?: number }): Promise<number>;
  /** Count per status (every status present, zeros included). */
  depth(): Promise<Record<OutboxStatus, number>>;
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
  /** Deletes done events older than `before`. */
  prune(before: number): Promise<number>;
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

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly runs: RunRepo;
  readonly kv: KvRepo;
  readonly outbox: OutboxRepo;
  readonly inbox: InboxRepo;
  readonly tokens: TokenRepo;
  readonly sandbox: SandboxRepo;
  readonly holidays: HolidayRepo;
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
  /** Postgres only: schema to use (tests isolate themselves with one each). Default 'public'. */
  schema?: string;
}
