import type { TokenCredential } from '@azure/identity';
import { ClientSecretCredential, EnvironmentCredential, ManagedIdentityCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import type { AzureKeyVaultOptions } from './azure-keyvault-options.ts';

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

/** The Key Vault client for `secrets.vault`; this module is what loads the Azure SDK. */
export function openSecretClient(options: AzureKeyVaultOptions): SecretClient {
  return new SecretClient(options.url, credentialOf(options), {
    disableChallengeResourceVerification: needsChallengeVerificationOff(options.url),
  });
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
