import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestKeyVault } from '../../sandbox/keyvault/testkit.ts';
import type { KeyVaultEmulator } from '../../sandbox/keyvault/types.ts';
import { secretRedactor } from '../redact.ts';
import { createAzureKeyVault } from './azure-keyvault.ts';
import { azureKeyVaultOptions } from './azure-keyvault-options.ts';
import type { SecretVault } from './types.ts';
import { VaultError } from './vault-error.ts';

/**
 * Against the Key Vault emulator: https://localhost:PORT as both vault and Entra authority, the real
 * 401 challenge and client-credentials token flow. The test sets no SDK flag: the vault decides
 * from the URL and the authority host that the resource check and instance discovery do not apply.
 */

let kv: KeyVaultEmulator;
let clock = 1_000_000;
const now = () => clock;

beforeEach(async () => {
  kv = await startTestKeyVault();
  clock = 1_000_000;
});
afterEach(async () => {
  await kv.close();
});

function open(overrides: Record<string, unknown> = {}): SecretVault {
  const options = azureKeyVaultOptions.parse({
    type: 'azure-keyvault',
    url: kv.url,
    authorityHost: kv.authorityHost,
    tenantId: kv.tenantId,
    clientId: kv.clientId,
    clientSecret: kv.clientSecret,
    ttl: '1m',
    ...overrides,
  });
  return createAzureKeyVault(options, { now });
}

const secretGets = (name: string) => kv.requests.filter((r) => r.path === `/secrets/${name}/`).length;

async function vaultError(run: () => Promise<unknown>): Promise<VaultError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof VaultError) return err;
    throw err;
  }
  throw new Error('expected a VaultError');
}

describe('Azure Key Vault', () => {
  it('reads a secret through the challenge and token flow, and adds it to the redactor', async () => {
    kv.setSecret('acme', 'acme-secret-key-81f2', { tags: { access_key: 'AK-ACME' } });
    const vault = open();
    expect(await vault.get('acme')).toBe('acme-secret-key-81f2');
    expect(secretRedactor.redact('key acme-secret-key-81f2 leaked')).toBe('key [redacted] leaked');
    expect(
      kv.requests.map((r) => `${r.method} ${r.path.replace(kv.tenantId, '{tenant}')} ${r.status}`),
    ).toEqual([
      'GET /secrets/acme/ 401',
      'GET /{tenant}/v2.0/.well-known/openid-configuration 200',
      'POST /{tenant}/oauth2/v2.0/token 200',
      'GET /secrets/acme/ 200',
    ]);
    expect(JSON.stringify(kv.requests)).not.toContain('acme-secret-key-81f2');
  });

  it('lists every secret with tags, disabled ones included, across pages', async () => {
    for (let i = 0; i < 30; i++) {
      kv.setSecret(`customer-${String(i).padStart(2, '0')}`, `value-${i}-abcdef`, {
        tags: { access_key: `AK${i}`, customer_type: i % 2 ? 'classic' : 'vpc' },
      });
    }
    kv.setSecret('plain', 'plain-value-123', { contentType: 'text/plain' });
    kv.disable('customer-07');
    const list = await open().list();
    expect(list).toHaveLength(31);
    expect(kv.requests.filter((r) => r.path === '/secrets' && r.status === 200).length).toBeGreaterThan(1);
    const seven = list.find((s) => s.name === 'customer-07');
    expect(seven).toEqual({
      name: 'customer-07',
      enabled: false,
      tags: { access_key: 'AK7', customer_type: 'classic' },
      updatedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });
    expect(list.find((s) => s.name === 'plain')).toMatchObject({
      enabled: true,
      tags: {},
      contentType: 'text/plain',
    });
    expect(JSON.stringify(list)).not.toContain('value-');
  });

  it('a disabled secret is VAULT_DISABLED, a missing one VAULT_MISSING, both naming it', async () => {
    kv.setSecret('acme', 'acme-value-xyz');
    kv.disable('acme');
    const vault = open();
    const disabled = await vaultError(() => vault.get('acme'));
    expect({ code: disabled.code, message: disabled.message }).toEqual({
      code: 'VAULT_DISABLED',
      message: 'secret "acme" is disabled in the vault',
    });
    const missing = await vaultError(() => vault.get('nobody'));
    expect({ code: missing.code, message: missing.message }).toEqual({
      code: 'VAULT_MISSING',
      message: 'secret "nobody" is not in the vault',
    });
  });

  it('caches values for ttl, shares concurrent reads, and asks again after ttl or clear()', async () => {
    kv.setSecret('acme', 'first-value-123');
    const vault = open();
    expect(await Promise.all([vault.get('acme'), vault.get('acme'), vault.get('acme')])).toEqual([
      'first-value-123',
      'first-value-123',
      'first-value-123',
    ]);
    const asked = secretGets('acme');
    expect(asked).toBe(2); // the challenged request and its retry with a token: one read
    kv.setSecret('acme', 'second-value-456');
    clock += 59_000;
    expect(await vault.get('acme')).toBe('first-value-123');
    expect(secretGets('acme')).toBe(asked);
    clock += 2_000;
    expect(await vault.get('acme')).toBe('second-value-456');
    expect(secretGets('acme')).toBe(asked + 1);
    kv.setSecret('acme', 'third-value-789');
    vault.clear();
    expect(await vault.get('acme')).toBe('third-value-789');
    expect(secretGets('acme')).toBe(asked + 2);
  });

  it('caches the list for ttl too', async () => {
    kv.setSecret('a-corp', 'a-value-123');
    const vault = open();
    expect((await vault.list()).map((s) => s.name)).toEqual(['a-corp']);
    kv.setSecret('b-corp', 'b-value-123');
    expect((await vault.list()).map((s) => s.name)).toEqual(['a-corp']);
    vault.clear();
    expect((await vault.list()).map((s) => s.name)).toEqual(['a-corp', 'b-corp']);
  });

  it('a failed read is not cached', async () => {
    const vault = open();
    expect((await vaultError(() => vault.get('late'))).code).toBe('VAULT_MISSING');
    kv.setSecret('late', 'late-value-123');
    expect(await vault.get('late')).toBe('late-value-123');
  });

  it('a wrong client secret is a VAULT error without the secret or any value', async () => {
    kv.setSecret('acme', 'acme-value-never-shown');
    const wrong = 'wrong-client-secret-7c1d9e';
    const err = await vaultError(() => open({ clientSecret: wrong }).get('acme'));
    expect(err.code).toBe('VAULT');
    expect(err.message).toMatch(/^could not read secret "acme" from the vault: /);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(kv.clientSecret);
    expect(err.message).not.toContain('acme-value-never-shown');
    expect(err.message.length).toBeLessThan(400);
    const listErr = await vaultError(() => open({ clientSecret: wrong }).list());
    expect(listErr.message).toMatch(/^could not list the vault's secrets: /);
    expect(listErr.message).not.toContain(wrong);
  });

  it('the environment credential with no AZURE_* variables is a VAULT error saying so', async () => {
    for (const name of [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_CLIENT_CERTIFICATE_PATH',
    ]) {
      vi.stubEnv(name, '');
    }
    try {
      kv.setSecret('acme', 'acme-value-123');
      const vault = open({ clientSecret: undefined, clientId: undefined, tenantId: undefined });
      const err = await vaultError(() => vault.get('acme'));
      expect(err.code).toBe('VAULT');
      expect(err.message).toMatch(
        /^could not read secret "acme" from the vault: CredentialUnavailableError: /,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
