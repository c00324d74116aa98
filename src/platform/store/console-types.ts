/**
 * The console's tables: local users, login sessions, API tokens and the audit log. Secrets are
 * never stored: passwords as argon2 hashes, session ids and API tokens as SHA-256 of their random
 * secret (a stolen database opens nothing). Times are epoch ms. Same Kysely code on both dialects.
 */

export type ConsoleRoleName = 'viewer' | 'operator' | 'admin';

export interface ConsoleUserRow {
  /** Unique, case-sensitive, 1-64 of [A-Za-z0-9._@-]. */
  name: string;
  role: ConsoleRoleName;
  /** argon2id PHC string; null for a user who signs in only through the SSO proxy. */
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
}

export interface ConsoleUserRepo {
  /** Inserts; false (and no change) when the name exists. */
  add(user: Omit<ConsoleUserRow, 'lastLoginAt' | 'updatedAt'>): Promise<boolean>;
  get(name: string): Promise<ConsoleUserRow | undefined>;
  /** By name. */
  list(): Promise<ConsoleUserRow[]>;
  /** Only the given fields change (updatedAt = `at`); false when there is no such user. */
  update(
    name: string,
    change: { role?: ConsoleRoleName; passwordHash?: string | null; lastLoginAt?: number },
    at: number,
  ): Promise<boolean>;
  /** Deletes the user and, in the same transaction, their sessions and tokens. */
  remove(name: string): Promise<boolean>;
  /** How many users have role admin (the console is off while none does). */
  countAdmins(): Promise<number>;
}

export interface ConsoleSessionRow {
  /** SHA-256 (hex) of the cookie's secret. */
  id: string;
  user: string;
  /** The session's CSRF token (random, sent by the page in X-CSRF-Token on every change). */
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface ConsoleSessionRepo {
  create(session: ConsoleSessionRow): Promise<void>;
  /** The row even when expired (the caller decides); undefined when unknown. */
  get(id: string): Promise<ConsoleSessionRow | undefined>;
  /** Slides the expiry on use, only while it has not expired by `lastSeenAt` (an ended session stays ended). */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Deletes sessions that expired before `now`; returns how many. */
  prune(now: number): Promise<number>;
}

export interface ApiTokenRow {
  /** Public part of the token (`obt_<id>_<secret>`): 12 lowercase hex characters. */
  id: string;
  user: string;
  label: string | null;
  /** SHA-256 (hex) of the secret part. */
  hash: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokenRepo {
  create(token: Omit<ApiTokenRow, 'lastUsedAt' | 'revokedAt'>): Promise<void>;
  get(id: string): Promise<ApiTokenRow | undefined>;
  /** Newest first; only this user's when given. Revoked ones included. */
  list(user?: string): Promise<ApiTokenRow[]>;
  touch(id: string, at: number): Promise<void>;
  /** false when there is no such token or it was revoked already. */
  revoke(id: string, at: number): Promise<boolean>;
}

export type AuditOutcome = 'ok' | 'error' | 'denied';

export interface AuditRow {
  id: number;
  at: number;
  /** The user (console, API, proxy) or the OS user running the CLI. */
  actor: string;
  via: 'console' | 'api' | 'cli' | 'proxy';
  /** The daemon API method (`app.run`, `outbox.retry`, `users.add`) or `login`/`logout`. */
  action: string;
  /** What it acted on, for filtering and display: the app, connection, exchange/date, user… */
  target: string | null;
  /** The arguments with secrets masked (publicArgs). */
  args: unknown;
  outcome: AuditOutcome;
  error: string | null;
}

export interface AuditFilter {
  /** Entries with an id below this (paging backwards). */
  before?: number;
  actor?: string;
  action?: string;
  /** Default 100. */
  limit?: number;
}

export interface AuditRepo {
  add(entry: Omit<AuditRow, 'id'>): Promise<number>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditRow[]>;
  /** Deletes entries older than `before`; returns how many. */
  prune(before: number): Promise<number>;
}
