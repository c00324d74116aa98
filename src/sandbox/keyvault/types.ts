/** The Key Vault emulator's options and the handle tests and `opsbot sandbox` hold. */

export interface KeyVaultEmulatorOptions {
  /** Bind address (default 127.0.0.1, advertised as `localhost` so the certificate's name matches). */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** PEM key and certificate the HTTPS server presents (clients must trust the certificate). */
  tls: { key: string; cert: string };
  /** The directory (tenant) the vault belongs to; default a fresh GUID. */
  tenantId?: string;
  /** The registered app allowed to get tokens; default a fresh GUID. */
  clientId?: string;
  /** That app's secret; default random. */
  clientSecret?: string;
}

export interface SecretOptions {
  tags?: Record<string, string>;
  /** Default true. */
  enabled?: boolean;
  contentType?: string;
}

/** One request as the emulator saw it. Never the token, the client secret or a secret value. */
export interface RecordedRequest {
  method: string;
  /** The path without the query, e.g. `/secrets/acme/` or `/{tenant}/oauth2/v2.0/token`. */
  path: string;
  /** Whether it carried a valid access token for this vault. */
  authorized: boolean;
  /** The status answered (0 while still in flight). */
  status: number;
}

export type FaultStatus = 429 | 500 | 503;

export interface KeyVaultEmulator {
  /** The vault URL, `https://localhost:PORT` (not `*.vault.azure.net`). */
  url: string;
  /** The Entra authority host: the same origin. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Stores a new version of `name` (the one `getSecret(name)` returns from now on). */
  setSecret(name: string, value: string, options?: SecretOptions): void;
  /** Disables / enables the latest version of `name`. */
  disable(name: string): void;
  enable(name: string): void;
  /** Deletes `name` with every version (as if purged). */
  remove(name: string): void;
  requests: RecordedRequest[];
  /** Successful token grants. */
  readonly tokenRequests: number;
  /** Registers another app (in the vault's tenant or another one) allowed to get tokens. */
  addClient(tenantId: string, clientId: string, clientSecret: string): void;
  /** The next `count` authorized vault requests answer `status` (with Retry-After when given). */
  failNext(count: number, status: FaultStatus, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}
