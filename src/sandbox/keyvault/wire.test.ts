import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeyVault } from './testkit.ts';
import type { KeyVaultEmulator } from './types.ts';

let kv: KeyVaultEmulator;
beforeAll(async () => {
  kv = await startTestKeyVault({ tenantId: 'tenant-a', clientId: 'app-a', clientSecret: 'secret-a' });
  kv.addClient('tenant-b', 'app-b', 'secret-b');
  kv.setSecret('acme', 'acme-value', { tags: { customer_type: 'classic' } });
});
afterAll(async () => {
  await kv.close();
});

async function token(tenant: string, form: Record<string, string>) {
  const res = await fetch(`${kv.authorityHost}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const grant = (extra: Record<string, string> = {}) => ({
  client_id: 'app-a',
  client_secret: 'secret-a',
  scope: 'https://vault.azure.net/.default',
  grant_type: 'client_credentials',
  ...extra,
});

// biome-ignore lint/suspicious/noExplicitAny: loose JSON for terse assertions in a test
type Json = Record<string, any>;

async function get(path: string, bearer?: string) {
  const res = await fetch(
    `${kv.url}${path}`,
    bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {},
  );
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

async function vaultToken(): Promise<string> {
  return (await token('tenant-a', grant())).json['access_token'] as string;
}

describe('Key Vault emulator on the wire', () => {
  it('publishes the tenant OpenID configuration with a jwks_uri it serves', async () => {
    const config = (await (
      await fetch(`${kv.authorityHost}/tenant-a/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(config['token_endpoint']).toBe(`${kv.authorityHost}/tenant-a/oauth2/v2.0/token`);
    expect(config['authorization_endpoint']).toBe(`${kv.authorityHost}/tenant-a/oauth2/v2.0/authorize`);
    expect(config['issuer']).toBe(`${kv.authorityHost}/tenant-a/v2.0`);
    expect(await (await fetch(config['jwks_uri']!)).json()).toEqual({ keys: [] });
    const unknown = await fetch(`${kv.authorityHost}/nobody/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it('grants client credentials to registered apps only, with AADSTS errors otherwise', async () => {
    const ok = await token('tenant-a', grant());
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(ok.json['access_token']).toEqual(expect.any(String));
    const wrong = await token('tenant-a', grant({ client_secret: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrong.json['error_description']).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    expect((await token('tenant-x', grant())).json).toMatchObject({
      error: 'invalid_tenant',
      error_codes: [90002],
    });
    expect((await token('tenant-a', grant({ client_id: 'ghost' }))).json).toMatchObject({
      error_codes: [700016],
    });
    expect((await token('tenant-a', grant({ grant_type: 'password' }))).json).toMatchObject({
      error: 'unsupported_grant_type',
    });
    expect((await token('tenant-a', grant({ scope: 'openid' }))).json).toMatchObject({
      error: 'invalid_scope',
    });
  });

  it('challenges requests without a valid vault token and names the authority', async () => {
    const bare = await get('/secrets/acme?api-version=7.4');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe(
      `Bearer authorization="${kv.authorityHost}/tenant-a", resource="https://vault.azure.net"`,
    );
    expect(bare.json['error'].code).toBe('Unauthorized');
    expect((await get('/secrets/acme?api-version=7.4', 'made-up')).status).toBe(401);
    const otherTenant = (
      await token('tenant-b', { ...grant(), client_id: 'app-b', client_secret: 'secret-b' })
    ).json;
    expect((await get('/secrets/acme?api-version=7.4', otherTenant['access_token'] as string)).status).toBe(
      401,
    );
    const management = (await token('tenant-a', grant({ scope: 'https://management.azure.com/.default' })))
      .json;
    expect((await get('/secrets/acme?api-version=7.4', management['access_token'] as string)).status).toBe(
      401,
    );
  });

  it('requires api-version, accepting any value and the percent-encoded key', async () => {
    const bearer = await vaultToken();
    const missing = await get('/secrets/acme', bearer);
    expect(missing.status).toBe(400);
    expect(missing.json['error'].code).toBe('BadParameter');
    const encoded = await get('/secrets/acme/?api%2Dversion=2026-04-01', bearer);
    expect(encoded.status).toBe(200);
    expect(encoded.json).toMatchObject({ value: 'acme-value', tags: { customer_type: 'classic' } });
    expect(encoded.json['id']).toMatch(new RegExp(`^${kv.url}/secrets/acme/[0-9a-f]{32}$`));
    expect(encoded.json['attributes']).toMatchObject({
      enabled: true,
      recoveryLevel: 'Recoverable+Purgeable',
    });
    expect((await get('/secrets/acme?api-version=7.4', bearer)).status).toBe(200);
  });

  it('pages lists with maxresults and a full nextLink, and refuses bad input', async () => {
    const bearer = await vaultToken();
    kv.setSecret('beta', 'b');
    const first = await get('/secrets?api-version=7.4&maxresults=1', bearer);
    expect(first.json['value']).toEqual([
      {
        id: `${kv.url}/secrets/acme`,
        attributes: expect.objectContaining({ enabled: true }),
        tags: { customer_type: 'classic' },
      },
    ]);
    expect(first.json['nextLink']).toMatch(
      new RegExp(`^${kv.url}/secrets\\?api-version=7\\.4&%24skiptoken=.+&maxresults=1$`),
    );
    const second = await fetch(first.json['nextLink'], { headers: { authorization: `Bearer ${bearer}` } });
    const page = (await second.json()) as { value: { id: string }[]; nextLink: string | null };
    expect(page.value.map((v) => v.id)).toEqual([`${kv.url}/secrets/beta`]);
    expect(page.nextLink).toBeNull();
    expect((await get('/secrets?api-version=7.4&maxresults=26', bearer)).status).toBe(400);
    expect((await get('/secrets/bad_name?api-version=7.4', bearer)).json['error'].code).toBe('BadParameter');
    kv.remove('beta');
  });

  it('stores a PUT as a new version and refuses a body without a string value', async () => {
    const bearer = await vaultToken();
    const put = (body: string) =>
      fetch(`${kv.url}/secrets/put-me?api-version=7.4`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body,
      });
    const stored = await put(
      JSON.stringify({ value: 'v1', contentType: 'text/plain', attributes: { enabled: false } }),
    );
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({
      value: 'v1',
      contentType: 'text/plain',
      attributes: { enabled: false },
    });
    expect((await get('/secrets/put-me?api-version=7.4', bearer)).json).toMatchObject({
      error: { code: 'Forbidden', innererror: { code: 'SecretDisabled' } },
    });
    expect((await put('{"value": 3}')).status).toBe(400);
    expect((await put('not json')).status).toBe(400);
    kv.remove('put-me');
  });

  it('answers 404 for instance discovery and records it', async () => {
    const res = await fetch(`${kv.authorityHost}/common/discovery/instance?api-version=1.1`);
    expect(res.status).toBe(404);
    expect(kv.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/common/discovery/instance',
      authorized: false,
      status: 404,
    });
  });

  it('fails the next authorized requests as asked, with Retry-After', async () => {
    const bearer = await vaultToken();
    kv.failNext(2, 429, 7);
    const first = await get('/secrets/acme?api-version=7.4', bearer);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.json['error'].code).toBe('Throttled');
    expect((await get('/secrets/acme?api-version=7.4')).status).toBe(401);
    expect((await get('/secrets/acme?api-version=7.4', bearer)).status).toBe(429);
    kv.failNext(1, 500);
    const failed = await get('/secrets/acme?api-version=7.4', bearer);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('retry-after')).toBeNull();
    expect((await get('/secrets/acme?api-version=7.4', bearer)).status).toBe(200);
  });
});
