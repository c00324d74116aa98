import type { Generated } from 'kysely';

/**
 * Row shapes of the store's tables as Kysely sees them. Times are epoch-ms integers (bigint in
 * Postgres, parsed back to numbers by the pool); JSON lives in text columns so both dialects agree.
 */
export interface Database {
  app_runs: AppRunsTable;
  app_state: AppStateTable;
  outbox: OutboxTable;
  inbox: InboxTable;
  inbox_deliveries: InboxDeliveriesTable;
  tokens: TokensTable;
  sandbox_messages: SandboxMessagesTable;
  holidays: HolidaysTable;
  connector_state: ConnectorStateTable;
  forms: FormsTable;
  leases: LeasesTable;
  cluster_nodes: ClusterNodesTable;
  schedule_fires: ScheduleFiresTable;
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}

export interface FormsTable {
  id: string;
  app: string;
  form_key: string | null;
  target: string;
  asked: string | null;
  form: string;
  status: string;
  answers: string | null;
  answered_by: string | null;
  created_at: number;
  expires_at: number;
  submitted_at: number | null;
  delivered_at: number | null;
}

export interface AppRunsTable {
  id: Generated<number>;
  app: string;
  trigger: string;
  scheduled_at: number | null;
  started_at: number;
  ended_at: number | null;
  outcome: string;
  error: string | null;
  /** The node running it (cluster mode, migration 006); null in local mode and for older rows. */
  node: string | null;
}

export interface AppStateTable {
  app: string;
  key: string;
  value: string;
}

export interface OutboxTable {
  id: string;
  app: string | null;
  target: string;
  connection: string;
  destination: string;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface InboxTable {
  id: Generated<number>;
  connection: string;
  dedupe_key: string;
  payload: string;
  received_at: number;
  status: string;
}

export interface InboxDeliveriesTable {
  inbox_id: number;
  app: string;
  status: string;
  attempts: number;
  created_at: number;
  updated_at: number;
  error: string | null;
  /** The node that last handed it to the app (cluster mode, migration 006). */
  node: string | null;
}

export interface TokensTable {
  connection: string;
  kind: string;
  ciphertext: string;
  expires_at: number | null;
  updated_at: number;
  meta: string;
}

export interface SandboxMessagesTable {
  id: Generated<number>;
  connection: string;
  destination: string;
  direction: string;
  author: string;
  payload: string;
  created_at: number;
}

export interface HolidaysTable {
  exchange: string;
  date: string;
  kind: string;
  name: string;
  open: string | null;
  close: string | null;
  source: string;
  updated_at: number;
}

/** A connector's own key space (migration 003): `namespace` is `<type>/<connection>`. */
export interface ConnectorStateTable {
  namespace: string;
  key: string;
  /** JSON text, or for a secret the AES-GCM ciphertext of it. */
  value: string;
  /** 1 when value is encrypted with the master key. */
  secret: number;
  updated_at: number;
}

/** Cluster mode (migration 006): one row per lease; times are the database clock's epoch ms. */
export interface LeasesTable {
  name: string;
  holder: string;
  epoch: number;
  expires_at: number;
  acquired_at: number;
}

export interface ClusterNodesTable {
  node: string;
  host: string;
  pid: number;
  url: string;
  started_at: number;
  heartbeat_at: number;
  stopped_at: number | null;
  /** JSON: app name → state. */
  apps: string;
}

/** One row per schedule occurrence a node claimed (the primary key makes the claim unique). */
export interface ScheduleFiresTable {
  job: string;
  scheduled_at: number;
  node: string;
  at: number;
}

/** The console (migration 007); `user_name` because `user` is reserved in Postgres. */
export interface ConsoleUsersTable {
  name: string;
  role: string;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export interface ConsoleSessionsTable {
  id: string;
  user_name: string;
  csrf: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_name: string;
  label: string | null;
  hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  via: string;
  action: string;
  target: string | null;
  /** JSON text, secrets masked before they get here. */
  args: string;
  outcome: string;
  error: string | null;
}
