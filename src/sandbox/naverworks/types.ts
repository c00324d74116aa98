/** Public option and state shapes of the NAVER WORKS emulator; no runtime code lives here. */

export interface WorksClientConfig {
  clientId: string;
  clientSecret: string;
  /** Service Account ID (`xxxx.serviceaccount@domain`); required for the JWT grant. */
  serviceAccount?: string;
  /** SPKI PEM (`BEGIN PUBLIC KEY`) matching the private key the client signs assertions with. */
  publicKeyPem?: string;
  /** When set, `authorize` and the code exchange must use exactly this redirect URI. */
  redirectUri?: string;
  /** Scopes the app was granted in the console; requests must be a subset. Absent = any scope. */
  scopes?: string[];
}

export interface WorksBotConfig {
  botId: string;
  botSecret: string;
}

export interface WorksUser {
  userId: string;
  email: string;
  lastName?: string;
  firstName?: string;
  cellPhone?: string;
}

export interface WorksChannelSeed {
  channelId: string;
  botId: string;
  title?: string;
  members: string[];
}

export interface WorksRateLimitConfig {
  /** Requests per minute per API operation (`METHOD /route/pattern`). */
  perMinute: number;
  /** Per-operation overrides, keyed like `POST /v1.0/bots/:botId/channels`. */
  overrides?: Record<string, number>;
}

export interface WorksEmulatorOptions {
  clients: WorksClientConfig[];
  bots?: WorksBotConfig[];
  users?: WorksUser[];
  channels?: WorksChannelSeed[];
  /** Access-token lifetime in seconds (default 86400). */
  accessTokenTtl?: number;
  /** Tenant domain id put into callback `source.domainId` (default 10000001). */
  domainId?: number;
  /** User the emulated consent screen logs in as (default: first user, else `emulator-user`). */
  authorizeUserId?: string;
  /** Off unless given. */
  rateLimit?: WorksRateLimitConfig;
  /** Clock in epoch milliseconds, so tests can move time instead of waiting. */
  now?: () => number;
  port?: number;
  host?: string;
}

export type GrantKind = 'jwt-bearer' | 'authorization_code' | 'refresh_token';

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  scopes: string[];
  /** Service-account tokens have no user; user tokens act as `userId`. */
  userId?: string;
  expiresAt: number;
}

export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  scopes: string[];
  userId?: string;
  expiresAt: number;
}

export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  userId: string;
  expiresAt: number;
}

export interface ReceivedMessage {
  id: string;
  botId: string;
  kind: 'user' | 'channel';
  /** userId (or email as sent) for `user`, channelId for `channel`. */
  to: string;
  content: Record<string, unknown>;
  receivedAt: number;
}

export interface ChannelRecord {
  channelId: string;
  botId: string;
  title: string;
  members: string[];
}

export interface AttachmentRecord {
  fileId: string;
  botId: string;
  fileName: string;
  uploadToken: string;
  uploaded: boolean;
  bytes?: Buffer;
  downloadToken: string;
}

export interface FaultSpec {
  /** RegExp tested against the path, or a string that the path must contain. Absent = any path. */
  path?: RegExp | string;
  method?: string;
  status: 401 | 429 | 500 | 503;
  /** How many matching requests fail before the fault clears. */
  times: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
}
