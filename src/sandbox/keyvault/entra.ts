/**
 * The Entra ID (Azure AD) authority as `@azure/identity` + MSAL use it for client credentials:
 * the tenant's OpenID configuration, its (empty) signing keys, and the v2.0 token endpoint.
 * Instance discovery (`/common/discovery/instance`) is deliberately not served: a client pointed
 * at a custom authority must turn it off, as it must for a real sovereign or private authority.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText, sendJson } from './http.ts';

/** The audience a Key Vault token is for (the challenge's `resource`). */
export const VAULT_RESOURCE = 'https://vault.azure.net';
const TOKEN_LIFETIME_SECONDS = 3599;

interface IssuedToken {
  tenantId: string;
  audience: string;
  expiresAt: number;
}

export interface Entra {
  /** tenant → client id → client secret. */
  clients: Map<string, Map<string, string>>;
  tokens: Map<string, IssuedToken>;
  grants: number;
}

export function createEntra(): Entra {
  return { clients: new Map(), tokens: new Map(), grants: 0 };
}

export function addClient(entra: Entra, tenantId: string, clientId: string, clientSecret: string): void {
  const tenant = entra.clients.get(tenantId) ?? new Map<string, string>();
  tenant.set(clientId, clientSecret);
  entra.clients.set(tenantId, tenant);
}

/** Whether `authorization` is `Bearer <a live token we issued to tenantId for the vault>`. */
export function validToken(entra: Entra, authorization: string | undefined, tenantId: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
  const issued = match ? entra.tokens.get(match[1]!) : undefined;
  return (
    issued !== undefined &&
    issued.expiresAt > Date.now() &&
    issued.tenantId === tenantId &&
    issued.audience === VAULT_RESOURCE
  );
}

/** An AADSTS error body, the shape MSAL reads (`error`, `error_description`, `error_codes`). */
function sendAadError(res: ServerResponse, status: number, error: string, code: number, text: string): void {
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${randomBytes(16).toString('hex')} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
  });
}

function tenantNotFound(tenantId: string): string {
  return `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;
}

const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

/** Answers the authority's routes; false when `path` is not one of them. */
export async function handleAuthority(
  entra: Entra,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const openid = OPENID.exec(path);
  if (openid && req.method === 'GET') {
    const tenantId = decodeURIComponent(openid[1]!);
    if (!entra.clients.has(tenantId))
      sendAadError(res, 400, 'invalid_tenant', 90002, tenantNotFound(tenantId));
    else sendJson(res, 200, openIdConfiguration(origin, tenantId));
    return true;
  }
  if (KEYS.test(path) && req.method === 'GET') {
    // Client-credential tokens are opaque to the client; MSAL only needs the URL to exist.
    sendJson(res, 200, { keys: [] });
    return true;
  }
  const token = TOKEN.exec(path);
  if (token && req.method === 'POST') {
    grant(entra, decodeURIComponent(token[1]!), new URLSearchParams(await readText(req)), res);
    return true;
  }
  return false;
}

function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    tenant_region_scope: null,
    cloud_instance_name: new URL(origin).host,
  };
}

interface Refusal {
  status: number;
  error: string;
  code: number;
  text: string;
}

/** Why Entra would refuse this client credentials request, or null when it grants it. */
function refusal(entra: Entra, tenantId: string, form: URLSearchParams): Refusal | null {
  const tenant = entra.clients.get(tenantId);
  if (!tenant) return { status: 400, error: 'invalid_tenant', code: 90002, text: tenantNotFound(tenantId) };
  const grantType = form.get('grant_type');
  if (grantType === null) {
    const text = `The request body must contain the following parameter: 'grant_type'.`;
    return { status: 400, error: 'invalid_request', code: 900144, text };
  }
  if (grantType !== 'client_credentials') {
    const text = `The app requested an unsupported grant type '${grantType}'.`;
    return { status: 400, error: 'unsupported_grant_type', code: 70003, text };
  }
  const clientId = form.get('client_id') ?? '';
  const expected = tenant.get(clientId);
  if (expected === undefined) {
    const text = `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`;
    return { status: 400, error: 'unauthorized_client', code: 700016, text };
  }
  if (form.get('client_secret') !== expected) {
    const text =
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
      `not the client secret ID, for a secret added to app '${clientId}'.`;
    return { status: 401, error: 'invalid_client', code: 7000215, text };
  }
  if (audienceOf(form.get('scope')) === null) {
    const text =
      `The provided value for scope '${form.get('scope') ?? ''}' is not valid. Client credential flows must have ` +
      'a scope value with /.default suffixed to the resource identifier (application ID URI).';
    return { status: 400, error: 'invalid_scope', code: 1002012, text };
  }
  return null;
}

/** The client credentials grant: a registered tenant + client + secret gets a token for `<resource>/.default`. */
function grant(entra: Entra, tenantId: string, form: URLSearchParams, res: ServerResponse): void {
  const refused = refusal(entra, tenantId, form);
  if (refused) {
    sendAadError(res, refused.status, refused.error, refused.code, refused.text);
    return;
  }
  const accessToken = randomBytes(32).toString('base64url');
  const now = Date.now();
  for (const [key, issued] of entra.tokens) if (issued.expiresAt <= now) entra.tokens.delete(key);
  const audience = audienceOf(form.get('scope'))!;
  entra.tokens.set(accessToken, { tenantId, audience, expiresAt: now + TOKEN_LIFETIME_SECONDS * 1000 });
  entra.grants += 1;
  sendJson(res, 200, {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: accessToken,
  });
}

/** `https://vault.azure.net/.default` → `https://vault.azure.net`; null unless exactly one `/.default` scope. */
function audienceOf(scope: string | null): string | null {
  const scopes = (scope ?? '').split(' ').filter((s) => s !== '');
  const resources = scopes.filter((s) => s.endsWith('/.default')).map((s) => s.slice(0, -'/.default'.length));
  return resources.length === 1 && resources[0] !== '' ? resources[0]! : null;
}
