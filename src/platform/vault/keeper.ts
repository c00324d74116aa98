import { createAzureKeyVault } from './azure-keyvault.ts';
import type { AzureKeyVaultOptions } from './azure-keyvault-options.ts';
import type { SecretVault } from './types.ts';

/** Opens the vault `secrets.vault` describes. */
export type OpenVault = (options: AzureKeyVaultOptions) => SecretVault;

/**
 * One vault for the daemon's life. A load with the same `secrets.vault` keeps the open client (and
 * its token) but empties its cache, so `opsbot reload` re-reads every value; changed options open
 * a new one.
 */
export class VaultKeeper {
  #key: string | undefined;
  #vault: SecretVault | undefined;
  readonly #create: OpenVault;

  constructor(create: OpenVault = createAzureKeyVault) {
    this.#create = create;
  }

  readonly open = (options: AzureKeyVaultOptions): SecretVault => {
    const key = JSON.stringify(options);
    if (this.#vault && key === this.#key) {
      this.#vault.clear();
      return this.#vault;
    }
    this.#vault = this.#create(options);
    this.#key = key;
    return this.#vault;
  };
}
