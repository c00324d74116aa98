import type { TokenCredential } from '@azure/identity';
import { ClientSecretCredential, EnvironmentCredential, ManagedIdentityCredential } from '@azure/identity';
import { type SecretClient as Client, SecretClient } from '@azure/keyvault-secrets';
import type { Logger } from '../log.ts';
import { secretRedactor } from '../redact.ts';
import type { AzureKeyVaultOptions } from './azure-keyvault-options.ts';
import type { SecretVault, VaultSecretInfo } from './types.ts';
import { VaultError } from './vault-error.ts';

export type { AzureKeyVaultOptions } from './azure-keyvault-options.ts';

/** DNS suffixes of Azure's own vaults (public, China, US Gov, Germany, managed HSM). */
const KEY_VAULT_SUFFIXES = [
  '.vault.azure.net',
  '.vault.azure.cn',
  '.vault.usgovcloudapi.net',
  '.vault.microsoftazure.de',
  '.managedhsm.azure.net',
];

/** Entra (Azure AD) authorities the identity library knows without asking for instance metadata. */
const KNOWN_AUTHORITIES = new Set([
  'login.microsoftonline.com',
  'login.chinacloudapi.cn',
  'login.microsoftonline.us',
  'login.microsoftonline.de',
]);

/**
 * The 401 challenge names a resource (`vault.azure.net`) and the SDK refuses a vault whose host is
 * not under it. That check guards Azure's own vaults against a spoofed challenge; a vault elsewhere
 * (a private endpoint name, the sandbox) can only work without it, so it follows the URL itself.
 */
export function needsChallengeVerificationOff(vaultUrl: string): boolean {
  const host = new URL(vaultUrl).hostname.toLowerCase();
  return !KEY_VAULT_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/**
 * MSAL asks Microsoft which authorities exist (instance discovery) before a token request, and
 * fails for a host it does not know. Known Entra clouds keep the check; any other authorityHost
 * (ADFS-style hosts, the sandbox) is what the config says, so discovery is off for it.
 */
export function needsInstanceDiscoveryOff(authorityHost: string): boolean {
  return !KNOWN_AUTHORITIES.has(new URL(authorityHost).hostname.toLowerCase());
}

export interface AzureKeyVaultDeps {
  now?: () => number;
  log?: Logger;
}

interface Cached<T> {
  expires: number;
  value: Promise<T>;
}

/** A SecretVault on Azure Key Vault; values and the list are cached for `ttl`. */
export function createAzureKeyVault(
  options: AzureKeyVaultOptions,
  deps: AzureKeyVaultDeps = {},
): SecretVault {
  const now = deps.now ?? Date.now;
  // The client secret never appears in an error we raise, even if Entra's answer quotes it.
  const redactor = secretRedactor.scope();
  redactor.add(options.clientSecret);
  secretRedactor.add(options.clientSecret);
  const client = new SecretClient(options.url, credentialOf(options), {
    disableChallengeResourceVerification: needsChallengeVerificationOff(options.url),
  });
  const values = new Map<string, Cached<string>>();
  const lists = new Map<'all', Cached<VaultSecretInfo[]>>();

  /** The cached promise while fresh; otherwise a new read, shared by everyone asking until it settles. */
  function cached<K, T>(cache: Map<K, Cached<T>>, key: K, read: () => Promise<T>): Promise<T> {
    const entry = cache.get(key);
    if (entry && entry.expires > now()) return entry.value;
    const fresh: Cached<T> = { expires: Number.POSITIVE_INFINITY, value: read() };
    cache.set(key, fresh);
    fresh.value.then(
      () => {
        fresh.expires = now() + options.ttl;
      },
      // A failure is not remembered: the next caller asks again.
      () => {
        if (cache.get(key) === fresh) cache.delete(key);
      },
    );
    return fresh.value;
  }

  return {
    type: 'azure-keyvault',
    get: (name) => cached(values, name, () => readSecret(client, name, redactor)),
    list: () => cached(lists, 'all', () => listSecrets(client, redactor)),
    clear() {
      values.clear();
      lists.clear();
      deps.log?.debug({ vault: options.url }, 'vault cache cleared');
    },
  };
}

function credentialOf(options: AzureKeyVaultOptions): TokenCredential {
  const authority = {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: needsInstanceDiscoveryOff(options.authorityHost),
  };
  if (options.credential === 'managed-identity') {
    return options.clientId
      ? new ManagedIdentityCredential({ clientId: options.clientId })
      : new ManagedIdentityCredential();
  }
  if (options.credential === 'environment') return new EnvironmentCredential(authority);
  // The schema has checked that all three are present for client-secret.
  return new ClientSecretCredential(options.tenantId!, options.clientId!, options.clientSecret!, authority);
}

async function readSecret(client: Client, name: string, redactor: { redact(text: string): string }) {
  let value: string | undefined;
  try {
    value = (await client.getSecret(name)).value;
  } catch (err) {
    throw errorFor(err, name, redactor);
  }
  if (value === undefined) throw new VaultError('VAULT', `secret "${name}" has no value`, { secret: name });
  // Before anyone sees it: from now on no log line or stored error can carry it.
  secretRedactor.add(value);
  return value;
}

async function listSecrets(client: Client, redactor: { redact(text: string): string }) {
  const secrets: VaultSecretInfo[] = [];
  try {
    // The iterator follows every nextLink, so this is all pages.
    for await (const p of client.listPropertiesOfSecrets()) {
      secrets.push({
        name: p.name,
        enabled: p.enabled !== false,
        tags: { ...p.tags },
        ...(p.contentType ? { contentType: p.contentType } : {}),
        ...(p.updatedOn ? { updatedOn: p.updatedOn.toISOString() } : {}),
      });
    }
  } catch (err) {
    throw new VaultError('VAULT', `could not list the vault's secrets: ${reasonOf(err, redactor)}`);
  }
  return secrets;
}

/** Key Vault's answers for a get: 404 SecretNotFound, 403 SecretDisabled (or an access denied). */
function errorFor(err: unknown, name: string, redactor: { redact(text: string): string }): VaultError {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (status === 404) return VaultError.missing(name);
  if (status === 403 && /disabled/i.test(errorText(err))) return VaultError.disabled(name);
  return new VaultError(
    'VAULT',
    `could not read secret "${name}" from the vault: ${reasonOf(err, redactor)}`,
    {
      secret: name,
    },
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const REASON_LENGTH = 200;

/** The first line of what went wrong, scrubbed and short (identity errors run to pages of advice). */
function reasonOf(err: unknown, redactor: { redact(text: string): string }): string {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  const name = err instanceof Error ? err.name : 'Error';
  const line =
    errorText(err)
      .split('\n')
      .find((l) => l.trim()) ?? '';
  const reason = line.length > REASON_LENGTH ? `${line.slice(0, REASON_LENGTH)}…` : line;
  const prefix = typeof status === 'number' ? `${status} ` : '';
  return redactor.redact(`${prefix}${name}: ${reason.trim()}`);
}
