/**
 * Azure Key Vault emulator (secrets) with its Entra ID token endpoint, written from the public wire
 * facts (reference A5, more-wire-facts §0 and §5) and never from connector code, so a client's
 * protocol mistake fails a test. The official `@azure/keyvault-secrets` + `@azure/identity` run
 * against it unchanged except for the two settings any non-Azure host needs.
 *
 * `startKeyVaultEmulator({ tls, tenantId?, clientId?, clientSecret?, host?, port? })` → one HTTPS
 * server whose origin is both the vault URL and the authority host:
 * - Authority: `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`,
 *   `POST /{tenant}/oauth2/v2.0/token` (client credentials for registered apps; AADSTS errors).
 *   `/common/discovery/instance` answers 404: clients must set `disableInstanceDiscovery: true`.
 * - Vault: `GET /secrets` (paged, `maxresults` ≤ 25, `nextLink`), `GET /secrets/{name}[/][{version}]`,
 *   `PUT /secrets/{name}`; `api-version` required; without a valid token 401 with the challenge
 *   `WWW-Authenticate: Bearer authorization="<origin>/<tenant>", resource="https://vault.azure.net"`
 *   (the host is not `*.vault.azure.net`, so clients set `disableChallengeResourceVerification: true`).
 * - Test controls: `setSecret`, `disable`, `enable`, `remove`, `addClient`, `failNext`, and the record
 *   `requests` / `tokenRequests` (never a token, client secret or secret value).
 */
export { startKeyVaultEmulator } from './emulator.ts';
export type {
  FaultStatus,
  KeyVaultEmulator,
  KeyVaultEmulatorOptions,
  RecordedRequest,
  SecretOptions,
} from './types.ts';
