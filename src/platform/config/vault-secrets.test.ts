// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about `${vault:…}` references.
import { afterAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultOptions } from '../vault/azure-keyvault-options.ts';
import type { SecretVault, VaultSecretInfo } from '../vault/types.ts';
import { checkConfig, formatIssue } from './load.ts';
import { configFiles } from './test-helpers.ts';

const files = configFiles();
afterAll(() => files.cleanup());

/** A vault in memory: the wire is tested against the Key Vault emulator elsewhere; this is the plumbing. */
function memoryVault(secrets: Record<string, { value: string; enabled?: boolean }>) {
  const opened: AzureKeyVaultOptions[] = [];
  const vault: SecretVault = {
    type: 'azure-keyvault',
    async get(name) {
      const secret = secrets[name];
      if (!secret) throw new Error(`secret "${name}" is not in the vault`);
      if (secret.enabled === false) throw new Error(`secret "${name}" is disabled in the vault`);
      return secret.value;
    },
    async list(): Promise<VaultSecretInfo[]> {
      return Object.entries(secrets).map(([name, s]) => ({ name, enabled: s.enabled !== false, tags: {} }));
    },
    clear() {},
  };
  return {
    opened,
    open: (options: AzureKeyVaultOptions) => {
      opened.push(options);
      return vault;
    },
  };
}

const VAULT = `secrets:
  vault:
    type: azure-keyvault
    url: https://acme.vault.azure.net
    tenantId: 7c9e6679-7425-40de-944b-e07fc1f90ae7
    clientId: 0f8fad5b-d9cb-469f-a165-70867728950e
    clientSecret: \${env:AZURE_CLIENT_SECRET}
`;

describe('${vault:…} references', () => {
  it('resolve through the vault opened from secrets.vault, whose own secret comes from the environment', async () => {
    const vault = memoryVault({
      'teams-url': { value: 'https://flows.example/workflows/abc?sig=vaulted-sig-1' },
    });
    const file = await files.write(
      `${VAULT}connections:\n  ops-teams: { type: webhook, url: \${vault:teams-url} }\n`,
    );
    const { config, issues } = await checkConfig(file, {
      env: { AZURE_CLIENT_SECRET: 'client-secret-from-env' },
      openVault: vault.open,
    });
    expect(issues).toEqual([]);
    expect(vault.opened[0]).toMatchObject({
      url: 'https://acme.vault.azure.net',
      clientSecret: 'client-secret-from-env',
      ttl: 600_000,
    });
    expect(config?.connections['ops-teams']).toMatchObject({
      url: 'https://flows.example/workflows/abc?sig=vaulted-sig-1',
    });
    expect(config?.secretValues).toContain('https://flows.example/workflows/abc?sig=vaulted-sig-1');
    // The live vault rides along for connectors, but is no setting: not copied, compared or shown.
    expect(config?.vault?.type).toBe('azure-keyvault');
    expect(Object.keys(config ?? {})).not.toContain('vault');
    expect({ ...config }.vault).toBeUndefined();
  });

  it('name a missing or disabled secret with the reference and its YAML line, and no value', async () => {
    const vault = memoryVault({ off: { value: 'disabled-value-123', enabled: false } });
    const file = await files.write(
      `${VAULT}connections:\n  a: { type: webhook, url: \${vault:gone} }\n  b: { type: webhook, url: \${vault:off} }\n`,
    );
    const { issues } = await checkConfig(file, { env: { AZURE_CLIENT_SECRET: 'x' }, openVault: vault.open });
    expect(issues.map((i) => formatIssue(file, i).replace(/^.*opsbot\.yaml/, 'opsbot.yaml'))).toEqual([
      'opsbot.yaml:9: connections.a.url: missing secret ${vault:gone}: secret "gone" is not in the vault',
      'opsbot.yaml:10: connections.b.url: missing secret ${vault:off}: secret "off" is disabled in the vault',
    ]);
    expect(JSON.stringify(issues)).not.toContain('disabled-value-123');
  });

  it('say why when the vault block itself is wrong, at its line, and never open it', async () => {
    const vault = memoryVault({});
    const file = await files.write(
      'secrets:\n  vault:\n    type: azure-keyvault\n    url: https://acme.vault.azure.net\n    clientSecret: ${env:NOPE}\nconnections:\n  a: { type: webhook, url: ${vault:x} }\n',
    );
    const { issues } = await checkConfig(file, { env: {}, openVault: vault.open });
    expect(vault.opened).toEqual([]);
    const lines = issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
    expect(lines).toContain(
      '5 secrets.vault.clientSecret: missing secret ${env:NOPE}: not set in the environment',
    );
    expect(lines).toContain('7 connections.a.url: missing secret ${vault:x}: secrets.vault is invalid');
  });

  it('without secrets.vault, a vault reference says the vault is not configured', async () => {
    const file = await files.write('connections:\n  a: { type: webhook, url: ${vault:x} }\n');
    const { issues } = await checkConfig(file, { env: {} });
    expect(issues.map((i) => `${i.line} ${i.message}`)).toEqual([
      '2 cannot resolve ${vault:x}: vault is not configured',
    ]);
  });
});
