import type { Clock } from '../../platform/clock.ts';
import { networkReason } from '../../platform/errors.ts';
import type { Logger } from '../../platform/log.ts';
import type { Redactor } from '../../platform/redact.ts';
import type { TokenRepo } from '../../platform/store/types.ts';
import { WorksAuthError } from './errors.ts';
import { signAssertion } from './jwt.ts';
import type { NaverworksOptions } from './options.ts';

/**
 * Access tokens for one connection: cached in memory and in the store (encrypted at rest), renewed
 * a little before expiry, one token request at a time however many sends wait for it.
 */

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Renew this long before expiry, so a token never runs out between the check and the API call. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
// The token endpoint does not say how long a refresh token lives; 90 days is the documented lifetime.
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;
const TOKEN_TIMEOUT_MS = 15_000;

export interface TokenManagerInit {
  connection: string;
  options: NaverworksOptions;
  tokens: TokenRepo;
  clock: Clock;
  redactor: Redactor;
  log: Logger;
}

/** What `auth status` shows: expiry and presence only, never a token value. */
export interface AccessTokenInfo {
  flow: 'service-account' | 'user';
  access: { expiresAt: number | null; updatedAt: number } | null;
  refresh: { expiresAt: number | null; updatedAt: number } | null;
  scopes: string[];
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  error?: unknown;
  error_description?: unknown;
}

interface Cached {
  value: string;
  expiresAt: number | null;
}

export class TokenManager {
  private readonly init: TokenManagerInit;
  private cached: Cached | undefined;
  private loaded = false;
  private inflight: Promise<string> | undefined;

  constructor(init: TokenManagerInit) {
    this.init = init;
  }

  /** A token valid for at least REFRESH_MARGIN_MS more (as far as its expiry is known). */
  accessToken(): Promise<string> {
    if (this.cached && this.fresh(this.cached)) return Promise.resolve(this.cached.value);
    return this.singleFlight();
  }

  // Concurrent callers share one token request instead of racing (and, in the user flow,
  // invalidating each other's rotated refresh token).
  private singleFlight(): Promise<string> {
    this.inflight ??= this.obtain().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** A new access token now, whatever the cached one's expiry (`opsbot auth refresh`, the token-refresher). */
  refresh(): Promise<string> {
    this.cached = undefined;
    // Skip the stored access token too: the point is a new one.
    this.loaded = true;
    return this.singleFlight();
  }

  /** Drops `token` (after a 401) unless a newer one has replaced it meanwhile. */
  async invalidate(token: string): Promise<void> {
    if (this.cached?.value === token) this.cached = undefined;
    const { connection, tokens } = this.init;
    const stored = await tokens.get(connection, 'access');
    if (stored?.value === token) await tokens.delete(connection, 'access');
  }

  /** User flow, step 1: where to send the person to consent. */
  authorizeUrl(state: string): string {
    const { options } = this.init;
    this.refuseServiceAccount();
    if (!options.redirectUri) {
      throw new WorksAuthError('the user authorization flow needs redirectUri in the connection', {
        retryable: false,
      });
    }
    const url = new URL(`${options.authUrl}/authorize`);
    url.searchParams.set('client_id', options.clientId);
    url.searchParams.set('redirect_uri', options.redirectUri);
    url.searchParams.set('scope', options.scopes.join(' '));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** User flow, step 2: trades the code from the redirect for access and refresh tokens. */
  async exchangeCode(code: string): Promise<void> {
    const { options } = this.init;
    this.refuseServiceAccount();
    const form: Record<string, string> = { grant_type: 'authorization_code', code };
    if (options.redirectUri) form['redirect_uri'] = options.redirectUri;
    await this.grant(form);
  }

  // A user token stored for a service-account connection would never be used: say so instead.
  private refuseServiceAccount(): void {
    if (this.init.options.auth === 'service-account') {
      throw new WorksAuthError(
        `connection "${this.init.connection}" signs in as a service account (serviceAccount + privateKey): ` +
          'the user login is for connections with auth: user',
        { retryable: false },
      );
    }
  }

  async info(): Promise<AccessTokenInfo> {
    const { connection, tokens, options } = this.init;
    const brief = async (kind: string) => {
      const rec = await tokens.get(connection, kind);
      return rec ? { expiresAt: rec.expiresAt, updatedAt: rec.updatedAt } : null;
    };
    return {
      flow: options.auth,
      access: await brief('access'),
      refresh: await brief('refresh'),
      scopes: options.scopes,
    };
  }

  private fresh(token: Cached): boolean {
    // Unknown expiry: use it until the API answers 401.
    return token.expiresAt === null || token.expiresAt - REFRESH_MARGIN_MS > this.init.clock.now();
  }

  private async obtain(): Promise<string> {
    const { connection, tokens, options, clock, redactor } = this.init;
    if (!this.loaded) {
      // After a restart the stored token is still good: no token request per daemon start.
      this.loaded = true;
      const stored = await tokens.get(connection, 'access');
      if (stored) {
        redactor.add(stored.value);
        const candidate = { value: stored.value, expiresAt: stored.expiresAt };
        if (this.fresh(candidate)) {
          this.cached = candidate;
          return candidate.value;
        }
      }
    }
    if (options.auth === 'service-account') {
      // Service accounts just mint a new assertion: simpler and sturdier than keeping refresh tokens.
      const assertion = signAssertion({
        clientId: options.clientId,
        serviceAccount: options.serviceAccount ?? '',
        privateKey: options.privateKey ?? '',
        nowMs: clock.now(),
      });
      redactor.add(assertion);
      return this.grant({ grant_type: JWT_GRANT, assertion, scope: options.scopes.join(' ') });
    }
    // Read from the store every time: another process on the same store may have rotated it.
    const refresh = await tokens.get(connection, 'refresh');
    if (!refresh) {
      throw new WorksAuthError(
        `connection "${connection}" has no refresh token: complete the user authorization first`,
        { retryable: false },
      );
    }
    redactor.add(refresh.value);
    return this.grant({ grant_type: 'refresh_token', refresh_token: refresh.value });
  }

  /** POSTs a grant, stores what comes back and returns the new access token. */
  private async grant(form: Record<string, string>): Promise<string> {
    const { connection, tokens, options, clock, redactor } = this.init;
    const body = new URLSearchParams({
      ...form,
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    const kind = form['grant_type'] === JWT_GRANT ? 'jwt-bearer' : form['grant_type'];
    let status: number;
    let json: TokenResponse;
    try {
      const response = await fetch(`${options.authUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      status = response.status;
      const text = await response.text();
      json = parseJson(text);
    } catch (err) {
      throw new WorksAuthError(redactor.redact(`token request (${kind}) failed: ${networkReason(err)}`), {
        retryable: true,
      });
    }
    const accessToken = typeof json.access_token === 'string' ? json.access_token : '';
    if (status < 200 || status >= 300 || !accessToken) {
      const error = typeof json.error === 'string' ? json.error : 'no access_token in the answer';
      const description = typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
      throw new WorksAuthError(
        redactor.redact(`token request (${kind}) answered ${status} ${error}${description}`),
        {
          retryable: status >= 500 || status === 429,
          status,
        },
      );
    }
    const now = clock.now();
    // expires_in arrives as a string ("86400") from the real endpoint; a number is accepted too.
    const expiresIn = Number(json.expires_in);
    const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : null;
    const scope = typeof json.scope === 'string' ? json.scope : options.scopes.join(' ');
    redactor.add(accessToken);
    await tokens.put({
      connection,
      kind: 'access',
      value: accessToken,
      expiresAt,
      meta: { scope },
      updatedAt: now,
    });
    // A service account never uses the refresh token it is handed (it mints a new assertion), so
    // it is not kept: one secret less at rest.
    if (kind !== 'jwt-bearer' && typeof json.refresh_token === 'string' && json.refresh_token) {
      // Refresh tokens rotate and the old one is single-use: persist the newest every time.
      redactor.add(json.refresh_token);
      await tokens.put({
        connection,
        kind: 'refresh',
        value: json.refresh_token,
        expiresAt: now + REFRESH_TOKEN_LIFETIME_MS,
        meta: { scope },
        updatedAt: now,
      });
    }
    this.cached = { value: accessToken, expiresAt };
    this.loaded = true;
    // Expiry and grant only: the values stay in the (encrypted) store.
    this.init.log.info({ connection, grant: kind, expiresAt }, 'naverworks token issued');
    return accessToken;
  }
}

function parseJson(text: string): TokenResponse {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as TokenResponse) : {};
  } catch {
    // An HTML error page from a proxy: report the status alone.
    return {};
  }
}
