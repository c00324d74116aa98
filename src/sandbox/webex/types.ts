/** The shapes the Webex emulator keeps and hands to tests. */

export interface WebexPerson {
  /** Webex-style base64 id (`ciscospark://us/PEOPLE/<uuid>`). */
  id: string;
  emails: string[];
  displayName: string;
  type: 'person' | 'bot';
}

export interface WebexRoom {
  id: string;
  title: string;
  type: 'direct' | 'group';
  /** Person ids in the room (the bot included). */
  members: string[];
}

export interface PersonInput {
  email: string;
  displayName: string;
}

export interface RoomInput {
  title: string;
  /** Emails of the people in the group room; the bot is always a member. */
  members: string[];
}

/** How the bot's own `personId` appears in messages and webhook payloads it caused. */
export type BotIdEncoding = 'canonical' | 'alternate';

export interface WebexEmulatorOptions {
  host?: string;
  port?: number;
  botToken?: string;
  botEmail?: string;
  people?: PersonInput[];
  rooms?: RoomInput[];
  /** Milliseconds since the epoch; `created` fields and Retry-After bookkeeping use it. */
  clock?: () => number;
  /** `alternate`: the bot's messages carry its id in a second encoding (the legacy-id pitfall). */
  botIdEncoding?: BotIdEncoding;
  /** Consecutive failed deliveries after which a webhook turns `inactive` (default 5; UNCONFIRMED rule). */
  disableAfter?: number;
  /** How long one delivery may take before it counts as failed (default 10 s). */
  deliveryTimeoutMs?: number;
}

export interface Card {
  contentType: string;
  content: Record<string, unknown>;
}

export interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface RecordedMessage {
  id: string;
  roomId: string;
  roomType: 'direct' | 'group';
  personId: string;
  personEmail: string;
  /** True when the bot sent it (through `POST /messages`). */
  fromBot: boolean;
  text?: string;
  markdown?: string;
  html?: string;
  parentId?: string;
  attachments: Card[];
  /** Content ids; the REST view turns them into `${apiUrl}/contents/{id}` URLs. */
  files: string[];
  mentionedPeople: string[];
  created: string;
  deleted: boolean;
}

export interface AttachmentAction {
  id: string;
  type: 'submit';
  messageId: string;
  personId: string;
  roomId: string;
  inputs: Record<string, unknown>;
  created: string;
}

export interface Webhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: 'active' | 'inactive';
  created: string;
  orgId: string;
  createdBy: string;
  appId: string;
  ownedBy: string;
}

export type WebhookCallKind = 'list' | 'get' | 'create' | 'update' | 'delete';

export interface WebhookCall {
  kind: WebhookCallKind;
  /** The webhook's id (not for `list`). */
  id?: string;
  body?: Record<string, unknown>;
  status: number;
  at: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  /** e.g. `POST /messages`, `GET /messages/{id}`: the key `fail`/`slow` take. */
  route: string;
  status: number;
  /** Parsed JSON body, or the multipart fields (file parts as `{ filename, contentType, size }`). */
  body: unknown;
  at: number;
}

export interface Delivery {
  webhookId: string;
  resource: string;
  event: string;
  targetUrl: string;
  /** The exact bytes sent. */
  body: string;
  headers: Record<string, string>;
  /** HTTP status the app answered, or 0 when it could not be reached in time. */
  status: number;
  ok: boolean;
  error?: string;
  at: number;
}

export type FaultSpec =
  | { status: 429; retryAfter?: number; message?: string }
  | { status: number; message?: string; retryAfter?: number };

/** Forged deliveries, to see that the app refuses them. */
export type Forgery = 'wrong-secret' | 'no-signature' | 'reserialized';

export interface DeliverOptions {
  forge?: Forgery;
  /** Send the identical envelope a second time (a redelivery the app must not act on twice). */
  retry?: boolean;
}
