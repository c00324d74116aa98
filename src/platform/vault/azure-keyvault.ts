import type { SecretClient as Client } from '@azure/keyvault-secrets';
import type { Logger } from '../log.ts';
import { secretRedactor } from '../redact.ts';
import type { AzureKeyVaultOptions } from './azure-keyvault-options.ts';
import type { SecretVault, VaultSecretInfo } from './types.ts';
import { VaultError } from './vault-error.ts';

export type { AzureKeyVaultOptions } from './azure-keyvault-options.ts';

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
  // The Azure SDK (about 40 MiB and 700 modules) loads with the first read, not in every daemon.
  let opened: Promise<Client> | undefined;
  const client = () => {
    opened ??= import('./azure-client.ts')
      .then((m) => m.openSecretClient(options))
      .catch((err) => {
        opened = undefined;
        throw new VaultError('VAULT', `could not open the vault client: ${reasonOf(err, redactor)}`);
      });
    return opened;
  };
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
    get: (name) => cached(values, name, async () => readSecret(await client(), name, redactor)),
    list: () => cached(lists, 'all', async () => listSecrets(await client(), redactor)),
    clear() {
      values.clear();
      lists.clear();
      deps.log?.debug({ vault: options.url }, 'vault cache cleared');
    },
  };
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
