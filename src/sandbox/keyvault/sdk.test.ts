import {
  AuthenticationRequiredError,
  ClientSecretCredential,
  type ClientSecretCredentialOptions,
  CredentialUnavailableError,
} from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestKeyVault } from './testkit.ts';
import type { KeyVaultEmulator } from './types.ts';

let kv: KeyVaultEmulator;
beforeEach(async () => {
  kv = await startTestKeyVault();
});
afterEach(async () => {
  await kv.close();
});

function credential(secret = kv.clientSecret, disableInstanceDiscovery = true) {
  return new ClientSecretCredential(kv.tenantId, kv.clientId, secret, {
    authorityHost: kv.authorityHost,
    disableInstanceDiscovery,
  });
}

const client = (secret?: string) =>
  new SecretClient(kv.url, credential(secret), { disableChallengeResourceVerification: true });

const trail = () =>
  kv.requests.map((r) => `${r.method} ${r.path.replace(kv.tenantId, '{tenant}')} ${r.status}`);

describe('Key Vault emulator with the official clients', () => {
  it('answers the first request with the challenge, then issues a token, then serves the secret', async () => {
    kv.setSecret('acme', 'acme-value-1', { tags: { access_key: 'AK1' }, contentType: 'text/plain' });
    const vault = client();
    const secret = await vault.getSecret('acme');
    expect(secret.value).toBe('acme-value-1');
    expect(secret.properties.tags).toEqual({ access_key: 'AK1' });
    expect(secret.properties.contentType).toBe('text/plain');
    expect(secret.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect(secret.properties.enabled).toBe(true);
    await vault.getSecret('acme');
    expect(trail()).toEqual([
      'GET /secrets/acme/ 401',
      'GET /{tenant}/v2.0/.well-known/openid-configuration 200',
      'POST /{tenant}/oauth2/v2.0/token 200',
      'GET /secrets/acme/ 200',
      'GET /secrets/acme/ 200',
    ]);
    expect(kv.requests.map((r) => r.authorized)).toEqual([false, false, false, true, true]);
    expect(kv.tokenRequests).toBe(1);
  });

  it('lists secret properties page by page through nextLink', async () => {
    for (const id of ['e-corp', 'a-corp', 'c-corp', 'b-corp', 'd-corp']) {
      kv.setSecret(id, `${id}-key`, { tags: { access_key: `AK-${id}`, customer_type: 'vpc' } });
    }
    kv.disable('c-corp');
    const pages: { name: string; enabled: boolean | undefined; tags: unknown }[][] = [];
    for await (const page of client().listPropertiesOfSecrets().byPage({ maxPageSize: 2 })) {
      pages.push(page.map((p) => ({ name: p.name, enabled: p.enabled, tags: p.tags })));
    }
    expect(pages.map((p) => p.map((s) => s.name))).toEqual([
      ['a-corp', 'b-corp'],
      ['c-corp', 'd-corp'],
      ['e-corp'],
    ]);
    expect(pages[1]![0]).toEqual({
      name: 'c-corp',
      enabled: false,
      tags: { access_key: 'AK-c-corp', customer_type: 'vpc' },
    });
    expect(pages.flat().filter((s) => s.enabled).length).toBe(4);
    expect(trail().filter((line) => line.startsWith('GET /secrets'))).toEqual([
      'GET /secrets 401',
      'GET /secrets 200',
      'GET /secrets 200',
      'GET /secrets 200',
    ]);
  });

  it('refuses a disabled secret with 403 Forbidden and a missing one with 404', async () => {
    kv.setSecret('off', 'off-value');
    kv.disable('off');
    const vault = client();
    await expect(vault.getSecret('off')).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 403,
      code: 'Forbidden',
      message: expect.stringContaining('Operation get is not allowed on a disabled secret.'),
    });
    await expect(vault.getSecret('nobody')).rejects.toMatchObject({
      statusCode: 404,
      code: 'SecretNotFound',
    });
    kv.enable('off');
    expect((await vault.getSecret('off')).value).toBe('off-value');
    kv.remove('off');
    await expect(vault.getSecret('off')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('stores new versions through setSecret and serves an older one by version', async () => {
    const vault = client();
    const first = await vault.setSecret('rotated', 'first-value', { tags: { owner: 'ops' } });
    kv.setSecret('rotated', 'second-value');
    expect((await vault.getSecret('rotated')).value).toBe('second-value');
    const old = await vault.getSecret('rotated', { version: first.properties.version! });
    expect(old.value).toBe('first-value');
    expect(old.properties.tags).toEqual({ owner: 'ops' });
    expect(
      kv.requests.some((r) => r.path === `/secrets/rotated/${first.properties.version}` && r.status === 200),
    ).toBe(true);
  });

  it('fails the credential with invalid_client (AADSTS7000215) on a wrong client secret', async () => {
    kv.setSecret('acme', 'acme-value-1');
    const error = await client('not-the-secret')
      .getSecret('acme')
      .catch((err: unknown) => err);
    // @azure/identity 4.14 wraps MSAL's ServerError for a refused client in AuthenticationRequiredError.
    expect(error).toBeInstanceOf(AuthenticationRequiredError);
    expect((error as Error).message).toContain('invalid_client');
    expect((error as Error).message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(trail().at(-1)).toBe('POST /{tenant}/oauth2/v2.0/token 401');
    expect(kv.tokenRequests).toBe(0);
    expect(kv.requests.every((r) => !r.authorized)).toBe(true);
  });

  it('makes the SDK refuse the challenge unless resource verification is disabled', async () => {
    kv.setSecret('acme', 'acme-value-1');
    const strict = new SecretClient(kv.url, credential());
    await expect(strict.getSecret('acme')).rejects.toThrow(
      "The challenge resource 'vault.azure.net' does not match the requested domain",
    );
    expect(trail()).toEqual(['GET /secrets/acme/ 401']);
    expect(kv.tokenRequests).toBe(0);
  });

  it('fails the credential unless instance discovery is disabled', async () => {
    kv.setSecret('acme', 'acme-value-1');
    // MSAL asks the public cloud (login.microsoftonline.com), not the authority host, whether a host
    // is a known authority. This client stands in for a network that cannot reach it, so the test
    // stays offline; the real service would answer invalid_instance for localhost, with the same end.
    const asked: string[] = [];
    const offline: ClientSecretCredentialOptions['httpClient'] = {
      sendRequest: async (request) => {
        asked.push(request.url);
        throw new Error(`no route to ${new URL(request.url).host}`);
      },
    };
    const cred = new ClientSecretCredential(kv.tenantId, kv.clientId, kv.clientSecret, {
      authorityHost: kv.authorityHost,
      httpClient: offline,
    });
    const vault = new SecretClient(kv.url, cred, { disableChallengeResourceVerification: true });
    const error = await vault.getSecret('acme').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain('endpoints_resolution_error');
    expect(asked.map((u) => u.split('?')[0])).toEqual([
      'https://login.microsoftonline.com/common/discovery/instance',
    ]);
    expect(asked[0]).toContain(
      `authorization_endpoint=${kv.authorityHost}/${kv.tenantId}/oauth2/v2.0/authorize`,
    );
    expect(kv.tokenRequests).toBe(0);
    expect(trail()).toEqual(['GET /secrets/acme/ 401']);
  });

  it('is retried by the SDK through 429 and 503 with Retry-After', async () => {
    kv.setSecret('acme', 'acme-value-1');
    kv.failNext(1, 429, 0);
    kv.failNext(1, 503, 0);
    expect((await client().getSecret('acme')).value).toBe('acme-value-1');
    expect(trail().slice(-3)).toEqual([
      'GET /secrets/acme/ 429',
      'GET /secrets/acme/ 503',
      'GET /secrets/acme/ 200',
    ]);
  });

  it('never records a secret value, the client secret or a token', async () => {
    kv.setSecret('acme', 'acme-value-1');
    await client().setSecret('other', 'other-value-2');
    await client().getSecret('acme');
    await client('wrong-secret-3')
      .getSecret('acme')
      .catch(() => undefined);
    const recorded = JSON.stringify(kv.requests);
    for (const hidden of ['acme-value-1', 'other-value-2', kv.clientSecret, 'wrong-secret-3', 'Bearer']) {
      expect(recorded).not.toContain(hidden);
    }
    expect(Object.keys(kv.requests[0]!).sort()).toEqual(['authorized', 'method', 'path', 'status']);
  });
});
