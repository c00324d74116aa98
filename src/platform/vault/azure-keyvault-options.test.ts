import { describe, expect, it } from 'vitest';
import { needsChallengeVerificationOff, needsInstanceDiscoveryOff } from './azure-client.ts';
import { azureKeyVaultOptions } from './azure-keyvault-options.ts';

const base = { type: 'azure-keyvault', url: 'https://acme.vault.azure.net' } as const;
const principal = { tenantId: 'tenant-1', clientId: 'client-1', clientSecret: 'client-secret-1' };

function issues(block: Record<string, unknown>): string[] {
  const result = azureKeyVaultOptions.safeParse(block);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('azureKeyVaultOptions', () => {
  it('fills the defaults: client-secret credential, the public Entra authority, 10 minutes', () => {
    expect(azureKeyVaultOptions.parse({ ...base, ...principal })).toEqual({
      ...base,
      ...principal,
      credential: 'client-secret',
      authorityHost: 'https://login.microsoftonline.com',
      ttl: 600_000,
    });
  });

  it('without a client secret the credential is the environment', () => {
    expect(azureKeyVaultOptions.parse(base).credential).toBe('environment');
    expect(azureKeyVaultOptions.parse({ ...base, credential: 'managed-identity' }).credential).toBe(
      'managed-identity',
    );
  });

  it('reads ttl as a duration', () => {
    expect(azureKeyVaultOptions.parse({ ...base, ttl: '30s' }).ttl).toBe(30_000);
    expect(azureKeyVaultOptions.parse({ ...base, ttl: 90 }).ttl).toBe(90_000);
    expect(issues({ ...base, ttl: 'soon' })).toEqual([
      'ttl: expected a duration such as 300ms, 90s, 10m, 1h or a number of seconds',
    ]);
  });

  it('client-secret names every missing key', () => {
    expect(issues({ ...base, credential: 'client-secret', clientId: 'c' })).toEqual([
      'tenantId: credential client-secret needs tenantId, clientSecret',
    ]);
    expect(issues({ ...base, clientSecret: 'client-secret-1' })).toEqual([
      'tenantId: credential client-secret needs tenantId, clientId',
    ]);
  });

  it('refuses a non-https url or authority, an unknown key and another type', () => {
    expect(issues({ ...base, url: 'http://acme.vault.azure.net' })).toEqual([
      'url: url must be an https URL',
    ]);
    expect(issues({ ...base, authorityHost: 'ftp://login' })).toEqual([
      'authorityHost: authorityHost must be an https URL',
    ]);
    expect(issues({ ...base, vaultName: 'acme' })).toEqual([': Unrecognized key: "vaultName"']);
    expect(issues({ ...base, type: 'hashicorp' })).toHaveLength(1);
  });
});

describe('custom hosts need no flag', () => {
  it('turns the challenge resource check off only outside Azure Key Vault DNS', () => {
    const azure = [
      'https://acme.vault.azure.net',
      'https://acme.vault.azure.cn/',
      'https://acme.vault.usgovcloudapi.net',
      'https://acme.vault.microsoftazure.de',
      'https://acme.managedhsm.azure.net',
      'https://ACME.VAULT.AZURE.NET',
    ];
    for (const url of azure) expect(needsChallengeVerificationOff(url), url).toBe(false);
    const elsewhere = [
      'https://localhost:8443',
      'https://vault.azure.net.evil.example',
      'https://kv.acme.internal',
    ];
    for (const url of elsewhere) expect(needsChallengeVerificationOff(url), url).toBe(true);
  });

  it('turns Entra instance discovery off only for an authority Microsoft does not list', () => {
    for (const host of [
      'https://login.microsoftonline.com',
      'https://login.chinacloudapi.cn/',
      'https://login.microsoftonline.us',
      'https://login.microsoftonline.de',
    ]) {
      expect(needsInstanceDiscoveryOff(host), host).toBe(false);
    }
    for (const host of ['https://localhost:9443', 'https://login.microsoftonline.com.example']) {
      expect(needsInstanceDiscoveryOff(host), host).toBe(true);
    }
  });
});
