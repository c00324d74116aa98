import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../contracts/console.ts';
import type { Clock } from '../../platform/clock.ts';
import type { consoleSchema } from '../../platform/config/schema.ts';
import { errorMessage } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditRow } from '../../platform/store/console-types.ts';
import type { Store } from '../../platform/store/types.ts';
import type { AuthResult, ConsoleAuth } from '../gateway/types.ts';
import { ConsoleAccounts } from './accounts.ts';
import { registerConsoleRoutes } from './console-routes.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { PasswordCost } from './passwords.ts';
import {
  clientAddress,
  header,
  isChange,
  isLoopbackAddress,
  originMatches,
  readCookie,
  SESSION_COOKIE,
  sameSecret,
} from './request-checks.ts';

export type ConsoleConfig = z.output<typeof consoleSchema>;

export const LOOPBACK_ONLY = 'the console answers only on loopback; set console.public: true';
export const NO_ADMIN = 'no console admin yet: run opsbot console user add NAME --role admin';

export interface ConsoleAuthOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** The config's `console` block, read on every request so a reload applies at once. */
  config: () => ConsoleConfig;
  /** Tests only (TEST_PASSWORD_COST). */
  passwordCost?: PasswordCost;
}

/** Who is asking, and the CSRF token their page must send on changes (null for bearer tokens). */
export type Identity = { ok: true; actor: Actor; csrf: string | null } | Extract<AuthResult, { ok: false }>;

const deny = (status: 401 | 403 | 503, error: string): Identity => ({ ok: false, status, error });

/**
 * The console's and the API's front door: the loopback gate, the first-admin gate, then a bearer
 * token, the SSO proxy's header or the session cookie (see docs/console-auth.md).
 */
export class ConsoleAuthService implements ConsoleAuth {
  readonly accounts: ConsoleAccounts;
  readonly throttle: LoginThrottle;
  readonly #o: ConsoleAuthOptions;
  /** Signs proxy users' CSRF tokens; per process, so a restart asks their pages to fetch anew. */
  readonly #proxyKey = randomBytes(32);

  constructor(options: ConsoleAuthOptions) {
    this.#o = options;
    this.accounts = new ConsoleAccounts({
      store: options.store,
      clock: options.clock,
      sessionTtl: () => options.config().sessionTtl,
      passwordCost: options.passwordCost,
    });
    this.throttle = new LoginThrottle(options.clock);
  }

  register(app: FastifyInstance): void {
    registerConsoleRoutes(app, this);
  }

  async authenticate(req: FastifyRequest): Promise<AuthResult> {
    const who = await this.identify(req);
    return who.ok ? { ok: true, actor: who.actor } : who;
  }

  /** The gates every console request passes, the login page included; undefined when it may go on. */
  async gate(req: FastifyRequest): Promise<Identity | undefined> {
    const config = this.#o.config();
    if (!config.public && !isLoopbackAddress(clientAddress(req))) return deny(403, LOOPBACK_ONLY);
    if (config.auth === 'local' && !(await this.accounts.hasAdmin())) return deny(503, NO_ADMIN);
    return undefined;
  }

  async identify(req: FastifyRequest): Promise<Identity> {
    const gated = await this.gate(req);
    if (gated) return gated;
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) return this.#bearer(authorization);
    const config = this.#o.config();
    if (config.auth === 'proxy') {
      const user = header(req, config.proxy.userHeader);
      if (user !== undefined) return this.#proxy(req, user);
    }
    return this.#session(req);
  }

  async #bearer(authorization: string): Promise<Identity> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await this.accounts.bearer(match[1]!) : undefined;
    // Scripts send no cookies and cannot be made to by another site: no CSRF token to check.
    return actor ? { ok: true, actor, csrf: null } : deny(401, 'invalid or revoked API token');
  }

  async #proxy(req: FastifyRequest, user: string): Promise<Identity> {
    const { proxy } = this.#o.config();
    const trusted = new Set(proxy.trusted.map((a) => (a.startsWith('::ffff:') ? a.slice(7) : a)));
    if (!trusted.has(clientAddress(req)))
      return deny(401, 'the proxy user header is accepted only from console.proxy.trusted');
    const name = user.trim();
    if (!name || name.length > 200) return deny(401, 'the proxy sent no usable user name');
    const actor = await this.accounts.proxyActor(name, proxy.defaultRole);
    // The proxy adds the header to whatever the browser sends, a forged cross-site post included:
    // changes need a token only our page learns (GET /console/session), as with cookie logins.
    const csrf = createHmac('sha256', this.#proxyKey).update(name).digest('base64url');
    return this.#checkChange(req, { ok: true, actor, csrf });
  }

  async #session(req: FastifyRequest): Promise<Identity> {
    const cookie = readCookie(req, SESSION_COOKIE);
    if (!cookie) return deny(401, 'not signed in');
    const found = await this.accounts.session(cookie);
    if (found.state === 'expired') return deny(401, 'session expired');
    if (found.state === 'unknown') return deny(401, 'not signed in');
    const actor: Actor = { name: found.user.name, role: found.user.role, via: 'console' };
    return this.#checkChange(req, { ok: true, actor, csrf: found.session.csrf });
  }

  #checkChange(req: FastifyRequest, who: Identity & { ok: true }): Identity {
    if (!isChange(req)) return who;
    if (!sameSecret(header(req, 'x-csrf-token'), who.csrf ?? '')) return deny(403, 'bad CSRF token');
    if (!originMatches(req)) return deny(403, 'cross-origin request refused');
    return who;
  }

  /** Audit rows of logins and logouts; a failed write is logged and never fails the request. */
  async audit(entry: Omit<AuditRow, 'id' | 'at'>): Promise<void> {
    try {
      await this.#o.store.audit.add({ ...entry, at: this.#o.clock.now() });
    } catch (err) {
      this.#o.log.warn({ err: errorMessage(err), action: entry.action }, 'could not write the audit log');
    }
  }
}
