/** `startKeyVaultEmulator`: one HTTPS server playing both the Entra authority and the vault. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { closeServer, listen } from '../http-server.ts';
import { addClient, createEntra, type Entra, handleAuthority, validToken } from './entra.ts';
import { sendJson } from './http.ts';
import { putSecret, setEnabled } from './secrets.ts';
import type { KeyVaultEmulator, KeyVaultEmulatorOptions, RecordedRequest } from './types.ts';
import { handleVault, type VaultContext } from './vault.ts';

/** MSAL asks the public cloud's discovery endpoint about an authority unless told not to. */
const INSTANCE_DISCOVERY = /^\/common\/discovery\/instance\/?$/;

export async function startKeyVaultEmulator(options: KeyVaultEmulatorOptions): Promise<KeyVaultEmulator> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? randomBytes(30).toString('base64url');
  const entra = createEntra();
  addClient(entra, tenantId, clientId, clientSecret);
  const requests: RecordedRequest[] = [];
  const ctx: VaultContext = { store: new Map(), vault: '', tenantId, faults: [] };

  const server = createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    route(ctx, entra, requests, req, res).catch((err: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'InternalServerError', message: String(err) } });
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  // https.Server has every method the helpers use; the types just do not share a base.
  const bound = await listen(server as unknown as Server, host, options.port ?? 0);
  const port = new URL(bound).port;
  // The certificate names localhost; the default bind address is reached by that name.
  const name = host === '127.0.0.1' ? 'localhost' : new URL(bound).hostname;
  ctx.vault = `https://${name}:${port}`;
  return facade(ctx, entra, requests, { tenantId, clientId, clientSecret }, () =>
    closeServer(server as unknown as Server),
  );
}

async function route(
  ctx: VaultContext,
  entra: Entra,
  requests: RecordedRequest[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.vault);
  const authorized = validToken(entra, req.headers.authorization, ctx.tenantId);
  const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, authorized, status: 0 };
  requests.push(record);
  res.on('finish', () => {
    record.status = res.statusCode;
  });
  if (await handleAuthority(entra, ctx.vault, req, res, url.pathname)) return;
  if (INSTANCE_DISCOVERY.test(url.pathname)) {
    return sendJson(res, 404, {
      error: 'not_found',
      error_description: 'Instance discovery is not served here.',
    });
  }
  await handleVault(ctx, req, res, url, authorized);
}

function facade(
  ctx: VaultContext,
  entra: Entra,
  requests: RecordedRequest[],
  app: { tenantId: string; clientId: string; clientSecret: string },
  close: () => Promise<void>,
): KeyVaultEmulator {
  return {
    url: ctx.vault,
    authorityHost: ctx.vault,
    ...app,
    setSecret(name, value, secretOptions) {
      putSecret(ctx.store, name, value, secretOptions);
    },
    disable: (name) => setEnabled(ctx.store, name, false),
    enable: (name) => setEnabled(ctx.store, name, true),
    remove(name) {
      ctx.store.delete(name);
    },
    requests,
    get tokenRequests() {
      return entra.grants;
    },
    addClient: (tenant, client, secret) => addClient(entra, tenant, client, secret),
    failNext(count, status, retryAfterSeconds) {
      for (let i = 0; i < count; i++) ctx.faults.push({ status, retryAfterSeconds });
    },
    close,
  };
}
