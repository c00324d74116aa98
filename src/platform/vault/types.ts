/**
 * A secret store outside opsbot (Azure Key Vault): `${vault:name}` in the config, and connectors
 * that discover accounts from it (an `ncp` connection with `customersFromVault`). Values stay in the
 * daemon: nothing here is sent to an app, logged or stored.
 */

/** One secret as the vault lists it: properties and tags, never the value. */
export interface VaultSecretInfo {
  name: string;
  enabled: boolean;
  tags: Record<string, string>;
  contentType?: string;
  /** ISO 8601, when the vault says. */
  updatedOn?: string;
}

export interface SecretVault {
  /** `azure-keyvault`. */
  readonly type: string;
  /**
   * The current value of an enabled secret, cached for the vault's ttl. Throws a VaultError naming
   * the secret (code VAULT_MISSING, VAULT_DISABLED or VAULT), never a value.
   */
  get(name: string): Promise<string>;
  /** Every secret's properties, all pages, cached for the vault's ttl. */
  list(): Promise<VaultSecretInfo[]>;
  /** Forgets what is cached, so the next get/list asks the vault (`opsbot reload`). */
  clear(): void;
}
