/**
 * The vault's data plane for secrets, as `@azure/keyvault-secrets` calls it (more-wire-facts §5):
 * `api-version` required (any value; the SDK sends the key percent-encoded), bearer tokens from the
 * emulated authority, the 401 challenge naming that authority, list paging with a `nextLink` the
 * SDK follows verbatim, and Key Vault's error envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VAULT_RESOURCE } from './entra.ts';
import { readText, sendJson, sendVaultError } from './http.ts';
import {
  latest,
  putSecret,
  SECRET_NAME,
  type SecretStore,
  type SecretVersion,
  secretBundle,
  secretItem,
} from './secrets.ts';
import type { FaultStatus } from './types.ts';

const DEFAULT_PAGE = 25;

export interface Fault {
  status: FaultStatus;
  retryAfterSeconds: number | undefined;
}

export interface VaultContext {
  store: SecretStore;
  /** The vault URL; secret ids start with it. */
  vault: string;
  tenantId: string;
  faults: Fault[];
}

/** The challenge the SDK parses to find the authority (tenant from its path) and the token scope. */
export function challenge(ctx: VaultContext): string {
  return `Bearer authorization="${ctx.vault}/${ctx.tenantId}", resource="${VAULT_RESOURCE}"`;
}

export async function handleVault(
  ctx: VaultContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  authorized: boolean,
): Promise<void> {
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion) {
    return sendVaultError(res, 400, 'BadParameter', "The 'api-version' query parameter is missing.");
  }
  if (!authorized) {
    const message = req.headers.authorization
      ? 'AKV10032: The access token is not valid for this vault (unknown, expired, or for another tenant or resource).'
      : 'AKV10000: Request is missing a Bearer or PoP token.';
    return sendVaultError(res, 401, 'Unauthorized', message, {
      headers: { 'www-authenticate': challenge(ctx) },
    });
  }
  const fault = ctx.faults.shift();
  if (fault) return sendFault(res, fault);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  if (parts[0] !== 'secrets' || parts.length > 3) {
    return sendVaultError(
      res,
      404,
      'NotFound',
      `The resource ${url.pathname} is not served by this emulated vault.`,
    );
  }
  const [, name, version] = parts.map(decodeURIComponent);
  if (name === undefined) {
    if (req.method !== 'GET') return methodNotAllowed(res, req);
    return listSecrets(ctx, res, url, apiVersion);
  }
  if (!SECRET_NAME.test(name)) {
    return sendVaultError(res, 400, 'BadParameter', `The request URI contains an invalid name: ${name}`);
  }
  if (req.method === 'GET') return getSecret(ctx, res, name, version);
  if (req.method === 'PUT' && version === undefined) return setSecret(ctx, req, res, name);
  methodNotAllowed(res, req);
}

function methodNotAllowed(res: ServerResponse, req: IncomingMessage): void {
  sendVaultError(res, 405, 'MethodNotAllowed', `The method ${req.method} is not allowed here.`);
}

const FAULT_ERRORS: Record<FaultStatus, [string, string]> = {
  429: ['Throttled', 'Request was not processed because too many requests were received.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
};

function sendFault(res: ServerResponse, fault: Fault): void {
  const [code, message] = FAULT_ERRORS[fault.status];
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  sendVaultError(res, fault.status, code, message, { headers });
}

function notFound(res: ServerResponse, id: string): void {
  const message =
    `A secret with (name/id) ${id} was not found in this key vault. If you recently deleted this secret ` +
    'you may be able to recover it using the correct recovery command. For help resolving this issue, ' +
    'please see https://go.microsoft.com/fwlink/?linkid=2125182';
  sendVaultError(res, 404, 'SecretNotFound', message);
}

function getSecret(ctx: VaultContext, res: ServerResponse, name: string, version: string | undefined): void {
  const found: SecretVersion | undefined =
    version === undefined ? latest(ctx.store, name) : ctx.store.get(name)?.find((v) => v.version === version);
  if (!found) notFound(res, version === undefined ? name : `${name}/${version}`);
  else if (!found.enabled) {
    sendVaultError(res, 403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', {
      inner: 'SecretDisabled',
    });
  } else sendJson(res, 200, secretBundle(ctx.vault, name, found));
}

/** Names in order, one page after the `$skiptoken` (the last name of the previous page). */
function listSecrets(ctx: VaultContext, res: ServerResponse, url: URL, apiVersion: string): void {
  const asked = url.searchParams.get('maxresults');
  const pageSize = asked === null ? DEFAULT_PAGE : Number(asked);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > DEFAULT_PAGE) {
    const message = `Invalid maxresults value ${asked}: it must be between 1 and ${DEFAULT_PAGE}.`;
    sendVaultError(res, 400, 'BadParameter', message);
    return;
  }
  const skip = url.searchParams.get('$skiptoken');
  const after = skip === null ? '' : Buffer.from(skip, 'base64url').toString('utf8');
  const names = [...ctx.store.keys()].sort().filter((n) => n > after);
  const page = names.slice(0, pageSize);
  const value = page.map((name) => secretItem(ctx.vault, name, latest(ctx.store, name)!));
  let nextLink: string | null = null;
  if (names.length > page.length) {
    const next = new URL(`${ctx.vault}/secrets`);
    next.searchParams.set('api-version', apiVersion);
    next.searchParams.set('$skiptoken', Buffer.from(page.at(-1)!).toString('base64url'));
    next.searchParams.set('maxresults', String(pageSize));
    nextLink = next.toString();
  }
  sendJson(res, 200, { value, nextLink });
}

async function setSecret(
  ctx: VaultContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(await readText(req)) as Record<string, unknown>;
  } catch {
    return sendVaultError(res, 400, 'BadParameter', 'The request body is not valid JSON.');
  }
  const { value, tags, contentType, attributes } = body ?? {};
  if (typeof value !== 'string') {
    return sendVaultError(res, 400, 'BadParameter', 'Property value is required and must be a string.');
  }
  const enabled = (attributes as { enabled?: unknown } | undefined)?.enabled;
  const stored = putSecret(ctx.store, name, value, {
    tags: isStringMap(tags) ? tags : {},
    enabled: typeof enabled === 'boolean' ? enabled : true,
    ...(typeof contentType === 'string' ? { contentType } : {}),
  });
  sendJson(res, 200, secretBundle(ctx.vault, name, stored));
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
