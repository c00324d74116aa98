import { errorMessage } from '../errors.ts';
import { azureKeyVaultOptions } from '../vault/azure-keyvault-options.ts';
import type { OpenVault } from '../vault/keeper.ts';
import type { SecretVault } from '../vault/types.ts';
import { resolveSecrets, type SecretProvider } from './secrets.ts';

/**
 * The `${vault:name}` provider for one config load. The vault's own block is resolved first, with
 * env and file references only (its client secret usually comes from the environment), then
 * opened; when it cannot be, every vault reference says why instead of a bare "not configured".
 */
export async function vaultProvider(
  raw: Record<string, unknown>,
  providers: SecretProvider[],
  open: OpenVault,
): Promise<{ provider?: SecretProvider; vault?: SecretVault }> {
  const block = (raw['secrets'] as Record<string, unknown> | undefined)?.['vault'];
  if (block === undefined || block === null) return {};
  const resolved = await resolveSecrets(
    block,
    providers.filter((p) => p.scheme !== 'vault'),
  );
  const parsed = azureKeyVaultOptions.safeParse(resolved.value);
  // The schema check of the whole file reports what is wrong with the block, at its lines.
  if (resolved.issues.length > 0 || !parsed.success)
    return { provider: unusable('secrets.vault is invalid') };
  let vault: SecretVault;
  try {
    vault = open(parsed.data);
  } catch (err) {
    return { provider: unusable(`the vault cannot be opened: ${errorMessage(err)}`) };
  }
  return { vault, provider: { scheme: 'vault', resolve: (name) => vault.get(name) } };
}

function unusable(reason: string): SecretProvider {
  return {
    scheme: 'vault',
    resolve: async () => {
      throw new Error(reason);
    },
  };
}
