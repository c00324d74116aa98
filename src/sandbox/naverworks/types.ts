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
  /** Where the chat page posts this bot's callbacks; can be changed while running. */
  callbackUrl?: string;
}

export interface WorksUser {
  userId: string;
  email: string;
  lastName?: string;
  firstName?: string;
  cellPhone?: string;
}

/** A group (team) as `GET /groups` lists it. */
export interface WorksGroup {
  groupId: string;
  groupName: string;
  description?: string;
  /** userIds of the members. */
  members?: string[];
}

export interface WorksOrgUnit {
  orgUnitId: string;
  orgUnitName: string;
  members: { userId: string; isManager?: boolean }[];
}

export interface WorksContact {
  contactId: string;
  lastName?: string;
  firstName?: string;
  emails?: { email: string; type?: string }[];
  telephones?: { type: string; telephone: string }[];
  contactTagIds?: string[];
}

export interface WorksContactTag {
  contactTagId: string;
  contactTagName: string;
}

/** A shared calendar; every user also has a default calendar without seeding. */
export interface WorksCalendar {
  calendarId: string;
  calendarName: string;
  /** Users who see it in `calendar-personals` and may use it. Absent = every user. */
  userIds?: string[];
}

/** Stored event: `components` are the `eventComponents` (master first), all sharing `eventId`. */
export interface CalendarEventRecord {
  eventId: string;
  calendarId: string;
  components: Record<string, unknown>[];
}

export interface WorksChannelSeed {
  channelId: string;
  botId: string;
  title?: string;
  members: string[];
}

export interface WorksBoardSeed {
  boardId: string;
  boardName: string;
  description?: string;
}

export interface WorksDriveFileSeed {
  /** Slash-separated from the folder root; missing parent folders are created, a trailing `/` makes a folder. */
  path: string;
  data?: string | Uint8Array;
}

export interface WorksGroupFolderSeed {
  groupId: string;
  /** When given, users outside it get 403 FORBIDDEN. */
  members?: string[];
  files?: WorksDriveFileSeed[];
}

export interface WorksUserDriveSeed {
  userId: string;
  files?: WorksDriveFileSeed[];
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
  groups?: WorksGroup[];
  orgUnits?: WorksOrgUnit[];
  contacts?: WorksContact[];
  contactTags?: WorksContactTag[];
  /** Shared calendars beyond each user's default one. */
  calendars?: WorksCalendar[];
  boards?: WorksBoardSeed[];
  /** Group (team) folders; a group not listed here answers 404. */
  groupFolders?: WorksGroupFolderSeed[];
  /** Files already in users' "My drive" (every user has an empty one otherwise). */
  userDrives?: WorksUserDriveSeed[];
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

export interface PersistentMenuRecord {
  content: { actions: Record<string, unknown>[] };
}

export interface BoardRecord {
  boardId: string;
  boardName: string;
  description: string;
}

export interface PostRecord {
  boardId: string;
  postId: string;
  title: string;
  body: string;
  enableComment: boolean;
  sendNotifications: boolean;
  mustReadEndDate?: string;
  /** Absent for posts written with a service-account token. */
  userId?: string;
  userName: string;
  createdAt: number;
}

export interface DriveFileRecord {
  fileId: string;
  /** `group:{groupId}` or `user:{userId}`. */
  space: string;
  /** null = the folder root. */
  parentId: string | null;
  fileName: string;
  fileType: 'FILE' | 'FOLDER';
  bytes?: Buffer;
  createdAt: number;
  modifiedAt: number;
  downloadToken: string;
}

export interface DriveUploadRecord {
  token: string;
  space: string;
  parentId: string | null;
  fileName: string;
  fileSize: number;
  overwrite: boolean;
  used: boolean;
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
  /** When the request arrived and when the answer went out (the emulator's clock), for waits after a 429. */
  startedAt: number;
  at: number;
}
