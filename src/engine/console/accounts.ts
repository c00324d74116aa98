import { randomBytes } from 'node:crypto';
import type { Actor, Role } from '../../contracts/console.ts';
import type { Clock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { ApiTokenRow, ConsoleSessionRow, ConsoleUserRow } from '../../platform/store/console-types.ts';
import type { Store } from '../../platform/store/types.ts';
import { createApiToken, hashSecret, parseApiToken, secretMatches } from './api-tokens.ts';
import { hashPassword, type PasswordCost, verifyPassword } from './passwords.ts';

export interface ConsoleAccountsOptions {
  store: Store;
  clock: Clock;
  /** console.sessionTtl, read on every use so a reload applies at once. */
  sessionTtl: () => number;
  /** Tests only (TEST_PASSWORD_COST); real users get DEFAULT_PASSWORD_COST. */
  passwordCost?: PasswordCost;
}

export interface UserInfo {
  name: string;
  role: Role;
  createdAt: number;
  lastLoginAt: number | null;
  hasPassword: boolean;
}

export interface TokenInfo {
  id: string;
  user: string;
  label: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A console login: `cookie` is the secret the browser keeps; the store has only its hash. */
export interface Login {
  user: ConsoleUserRow;
  cookie: string;
  csrf: string;
  expiresAt: number;
}

export type SessionLookup =
  | { state: 'ok'; user: ConsoleUserRow; session: ConsoleSessionRow }
  | { state: 'expired' }
  | { state: 'unknown' };

export function userInfo(row: ConsoleUserRow): UserInfo {
  return {
    name: row.name,
    role: row.role,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
    hasPassword: row.passwordHash !== null,
  };
}

function tokenInfo({ hash: _, ...row }: ApiTokenRow): TokenInfo {
  return row;
}

const noUser = (name: string) => new OpsbotError('NO_USER', `no console user "${name}"`, { exitCode: 2 });

/**
 * Console users, their API tokens and login sessions. Every check reads the user's current row, so
 * a changed role or a removed user takes effect on the next request, whatever the session or token.
 */
export class ConsoleAccounts {
  readonly #o: ConsoleAccountsOptions;
  /** A hash to verify against when the name is unknown, so timing does not tell which names exist. */
  #decoy: Promise<string> | undefined;

  constructor(options: ConsoleAccountsOptions) {
    this.#o = options;
  }

  get #store(): Store {
    return this.#o.store;
  }

  async hasAdmin(): Promise<boolean> {
    return (await this.#store.consoleUsers.countAdmins()) > 0;
  }

  async listUsers(): Promise<UserInfo[]> {
    return (await this.#store.consoleUsers.list()).map(userInfo);
  }

  async addUser(user: { name: string; role: Role; password: string }): Promise<UserInfo> {
    const now = this.#o.clock.now();
    const passwordHash = await hashPassword(user.password, this.#o.passwordCost);
    const added = await this.#store.consoleUsers.add({
      name: user.name,
      role: user.role,
      passwordHash,
      createdAt: now,
    });
    if (!added)
      throw new OpsbotError('USER_EXISTS', `console user "${user.name}" exists already`, { exitCode: 2 });
    return userInfo((await this.#store.consoleUsers.get(user.name))!);
  }

  async updateUser(change: { name: string; role?: Role; password?: string }): Promise<UserInfo> {
    const users = this.#store.consoleUsers;
    const current = await users.get(change.name);
    if (!current) throw noUser(change.name);
    if (current.role === 'admin' && change.role && change.role !== 'admin')
      await this.#keepAnAdmin(change.name);
    const passwordHash =
      change.password === undefined ? undefined : await hashPassword(change.password, this.#o.passwordCost);
    await users.update(change.name, { role: change.role, passwordHash }, this.#o.clock.now());
    return userInfo((await users.get(change.name))!);
  }

  async removeUser(name: string): Promise<void> {
    const current = await this.#store.consoleUsers.get(name);
    if (!current) throw noUser(name);
    if (current.role === 'admin') await this.#keepAnAdmin(name);
    await this.#store.consoleUsers.remove(name);
  }

  async #keepAnAdmin(name: string): Promise<void> {
    if ((await this.#store.consoleUsers.countAdmins()) <= 1) {
      throw new OpsbotError('LAST_ADMIN', `"${name}" is the last admin: make another user admin first`, {
        exitCode: 2,
      });
    }
  }

  async createToken(user: string, label?: string): Promise<{ id: string; user: string; token: string }> {
    if (!(await this.#store.consoleUsers.get(user))) throw noUser(user);
    const token = createApiToken();
    await this.#store.apiTokens.create({
      id: token.id,
      user,
      label: label ?? null,
      hash: token.hash,
      createdAt: this.#o.clock.now(),
    });
    return { id: token.id, user, token: token.token };
  }

  async listTokens(user?: string): Promise<TokenInfo[]> {
    return (await this.#store.apiTokens.list(user)).map(tokenInfo);
  }

  async revokeToken(id: string): Promise<void> {
    if (!(await this.#store.apiTokens.revoke(id, this.#o.clock.now()))) {
      throw new OpsbotError('NO_TOKEN', `no active API token "${id}"`, { exitCode: 2 });
    }
  }

  /** A session for a right name and password; undefined otherwise (which of the two is not said). */
  async login(name: string, password: string): Promise<Login | undefined> {
    const user = await this.#store.consoleUsers.get(name);
    if (!user?.passwordHash) {
      this.#decoy ??= hashPassword(randomBytes(16).toString('hex'), this.#o.passwordCost);
      await verifyPassword(await this.#decoy, password);
      return undefined;
    }
    if (!(await verifyPassword(user.passwordHash, password))) return undefined;
    const now = this.#o.clock.now();
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const expiresAt = now + this.#o.sessionTtl();
    await this.#store.consoleSessions.create({
      id: hashSecret(cookie),
      user: name,
      csrf,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    await this.#store.consoleUsers.update(name, { lastLoginAt: now }, now);
    return { user, cookie, csrf, expiresAt };
  }

  /** The session of a cookie, its expiry slid forward; a removed user's session is unknown. */
  async session(cookie: string): Promise<SessionLookup> {
    const id = hashSecret(cookie);
    const session = await this.#store.consoleSessions.get(id);
    if (!session) return { state: 'unknown' };
    const now = this.#o.clock.now();
    if (session.expiresAt <= now) {
      await this.#store.consoleSessions.delete(id);
      return { state: 'expired' };
    }
    const user = await this.#store.consoleUsers.get(session.user);
    if (!user) return { state: 'unknown' };
    const expiresAt = now + this.#o.sessionTtl();
    await this.#store.consoleSessions.touch(id, now, expiresAt);
    return { state: 'ok', user, session: { ...session, lastSeenAt: now, expiresAt } };
  }

  async logout(cookie: string): Promise<boolean> {
    return this.#store.consoleSessions.delete(hashSecret(cookie));
  }

  /** The actor of a bearer token with its user's current role; undefined for unknown or revoked. */
  async bearer(token: string): Promise<Actor | undefined> {
    const parts = parseApiToken(token);
    if (!parts) return undefined;
    const row = await this.#store.apiTokens.get(parts.id);
    if (!row || row.revokedAt !== null || !secretMatches(parts.secret, row.hash)) return undefined;
    const user = await this.#store.consoleUsers.get(row.user);
    if (!user) return undefined;
    await this.#store.apiTokens.touch(row.id, this.#o.clock.now());
    return { name: user.name, role: user.role, via: 'api' };
  }

  /** A user the SSO proxy vouches for: a local account's role, else the configured default. */
  async proxyActor(name: string, defaultRole: Role): Promise<Actor> {
    const user = await this.#store.consoleUsers.get(name);
    return { name, role: user?.role ?? defaultRole, via: 'proxy' };
  }
}
