/** `/oauth2/v2.0/authorize` and `/oauth2/v2.0/token`: the three grants a connector may use. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PREFIX, type EmulatorContext } from './context.ts';
import { verifyAssertion } from './jwt.ts';
import { oauthError } from './replies.ts';
import { randomId } from './state.ts';
import type { GrantKind, WorksClientConfig } from './types.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CODE_TTL_MS = 10 * 60 * 1000;
const REFRESH_TTL_MS = 90 * 24 * 3600 * 1000;

/** Space-separated per the docs; commas are tolerated because real clients send them too. */
function parseScopes(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
}

function scopesAllowed(client: WorksClientConfig, scopes: string[]): boolean {
  if (!client.scopes) return true;
  const allowed = client.scopes;
  return scopes.every((s) => allowed.includes(s));
}

function isForm(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function issueTokens(ctx: EmulatorContext, clientId: string, scopes: string[], userId: string | undefined) {
  const now = ctx.now();
  const accessToken = randomId('at-');
  const refreshToken = randomId('rt-');
  ctx.state.accessTokens.set(accessToken, {
    token: accessToken,
    clientId,
    scopes,
    ...(userId === undefined ? {} : { userId }),
    expiresAt: now + ctx.accessTokenTtl * 1000,
  });
  ctx.state.refreshTokens.set(refreshToken, {
    token: refreshToken,
    clientId,
    scopes,
    ...(userId === undefined ? {} : { userId }),
    expiresAt: now + REFRESH_TTL_MS,
  });
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    // A string on purpose: the reference says it may arrive that way, so clients must coerce it.
    expires_in: String(ctx.accessTokenTtl),
    scope: scopes.join(' '),
  };
}

type Form = Record<string, string | undefined>;

function authenticateClient(ctx: EmulatorContext, form: Form, reply: FastifyReply): WorksClientConfig | null {
  const client = form['client_id'] ? ctx.clients.get(form['client_id']) : undefined;
  if (!client) {
    oauthError(reply, 401, 'invalid_client', 'unknown client_id');
    return null;
  }
  if (form['client_secret'] !== client.clientSecret) {
    oauthError(reply, 401, 'invalid_client', 'client_secret does not match');
    return null;
  }
  return client;
}

function jwtGrant(ctx: EmulatorContext, form: Form, reply: FastifyReply) {
  const client = authenticateClient(ctx, form, reply);
  if (!client) return reply;
  if (!client.serviceAccount || !client.publicKeyPem) {
    return oauthError(reply, 400, 'unauthorized_client', 'client has no service account configured');
  }
  const assertion = form['assertion'];
  if (!assertion) return oauthError(reply, 400, 'invalid_request', 'assertion is required');
  const checked = verifyAssertion(assertion, {
    clientId: client.clientId,
    serviceAccount: client.serviceAccount,
    publicKeyPem: client.publicKeyPem,
    nowSeconds: Math.floor(ctx.now() / 1000),
  });
  if (!checked.ok) return oauthError(reply, 400, 'invalid_grant', checked.reason);
  const scopes = parseScopes(form['scope']);
  if (scopes.length === 0) return oauthError(reply, 400, 'invalid_scope', 'scope is required');
  if (!scopesAllowed(client, scopes)) return oauthError(reply, 400, 'invalid_scope', 'scope not granted');
  return reply.send(issueTokens(ctx, client.clientId, scopes, undefined));
}

function codeGrant(ctx: EmulatorContext, form: Form, reply: FastifyReply) {
  const client = authenticateClient(ctx, form, reply);
  if (!client) return reply;
  const code = form['code'] ? ctx.state.authCodes.get(form['code']) : undefined;
  // Single use: the code is gone after the first exchange attempt, successful or not.
  if (code) ctx.state.authCodes.delete(code.code);
  if (!code || code.expiresAt <= ctx.now()) return oauthError(reply, 400, 'invalid_grant', 'unknown code');
  if (code.clientId !== client.clientId)
    return oauthError(reply, 400, 'invalid_grant', 'code of another client');
  const redirect = form['redirect_uri'];
  if (redirect !== undefined && redirect !== code.redirectUri) {
    return oauthError(reply, 400, 'invalid_grant', 'redirect_uri does not match the authorize request');
  }
  return reply.send(issueTokens(ctx, client.clientId, code.scopes, code.userId));
}

function refreshGrant(ctx: EmulatorContext, form: Form, reply: FastifyReply) {
  const client = authenticateClient(ctx, form, reply);
  if (!client) return reply;
  const rt = form['refresh_token'] ? ctx.state.refreshTokens.get(form['refresh_token']) : undefined;
  if (!rt || rt.expiresAt <= ctx.now())
    return oauthError(reply, 400, 'invalid_grant', 'unknown refresh_token');
  if (rt.clientId !== client.clientId)
    return oauthError(reply, 400, 'invalid_grant', 'token of another client');
  // Rotation: the old refresh token is single-use, so a connector that keeps the stale one fails.
  ctx.state.refreshTokens.delete(rt.token);
  return reply.send(issueTokens(ctx, client.clientId, rt.scopes, rt.userId));
}

const GRANTS: Record<string, { kind: GrantKind; run: typeof jwtGrant }> = {
  [JWT_GRANT]: { kind: 'jwt-bearer', run: jwtGrant },
  authorization_code: { kind: 'authorization_code', run: codeGrant },
  refresh_token: { kind: 'refresh_token', run: refreshGrant },
};

export function registerOauthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(`${AUTH_PREFIX}/token`, async (req, reply) => {
    if (!isForm(req) || typeof req.body !== 'object' || req.body === null) {
      return oauthError(reply, 400, 'invalid_request', 'body must be application/x-www-form-urlencoded');
    }
    const form = req.body as Form;
    const grant = GRANTS[form['grant_type'] ?? ''];
    if (!grant) return oauthError(reply, 400, 'unsupported_grant_type', 'unsupported grant_type');
    ctx.state.tokenCalls[grant.kind] += 1;
    return grant.run(ctx, form, reply);
  });

  app.get(`${AUTH_PREFIX}/authorize`, async (req, reply) => {
    const q = req.query as Form;
    const client = q['client_id'] ? ctx.clients.get(q['client_id']) : undefined;
    const redirectUri = q['redirect_uri'];
    // Never redirect to an unverified URI: answer errors about the client or URI directly.
    if (!client) return oauthError(reply, 400, 'invalid_request', 'unknown client_id');
    if (!redirectUri) return oauthError(reply, 400, 'invalid_request', 'redirect_uri is required');
    if (client.redirectUri !== undefined && client.redirectUri !== redirectUri) {
      return oauthError(reply, 400, 'invalid_request', 'redirect_uri does not match the registered one');
    }
    const target = new URL(redirectUri);
    if (q['state'] !== undefined) target.searchParams.set('state', q['state']);
    const scopes = parseScopes(q['scope']);
    if (q['response_type'] !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
    } else if (scopes.length === 0 || !scopesAllowed(client, scopes)) {
      target.searchParams.set('error', 'invalid_scope');
    } else {
      const code = randomId('code-');
      ctx.state.authCodes.set(code, {
        code,
        clientId: client.clientId,
        redirectUri,
        scopes,
        userId: ctx.options.authorizeUserId ?? ctx.state.users[0]?.userId ?? 'emulator-user',
        expiresAt: ctx.now() + CODE_TTL_MS,
      });
      target.searchParams.set('code', code);
    }
    return reply.code(302).header('location', target.toString()).send();
  });
}
