/** Shapes shared by the Slack emulator's parts: options, workspace records, and what tests assert on. */

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
}

export interface SlackChannel {
  id: string;
  name: string;
  /** Whether the bot is a member; posting to a channel it is not in fails with `not_in_channel`. */
  botMember?: boolean;
}

export interface SlackShortcut {
  callbackId: string;
  name: string;
  /** `global` shortcuts open from the menu; `message` ones act on a message. */
  type: 'global' | 'message';
}

export interface SlackEmulatorOptions {
  host?: string;
  port?: number;
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  /** Where commands, interactions and events are POSTed (the app's hook URL); can be set later. */
  requestUrl?: string;
  users?: SlackUser[];
  channels?: SlackChannel[];
  shortcuts?: SlackShortcut[];
  /** Milliseconds since the epoch; tests pass a movable clock to expire triggers and response URLs. */
  clock?: () => number;
  /** How long to wait for an app's ack before giving up (Slack's 3 s rule); default 3000 ms. */
  ackTimeoutMs?: number;
}

export type MessageSource = 'postMessage' | 'postEphemeral' | 'response_url' | 'ack' | 'file' | 'user';

export interface RecordedMessage {
  channel: string;
  ts: string;
  /** Who wrote it: the bot's user id for the app, a user id for people. */
  author: string;
  /** For ephemeral messages: the only user who sees it. */
  user?: string;
  ephemeral: boolean;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  files?: string[];
  via: MessageSource;
  edited?: boolean;
  deleted?: boolean;
}

export interface RecordedView {
  id: string;
  hash: string;
  /** The view as the app sent it (Slack's defaults are added in the API answer, not here). */
  view: Record<string, unknown>;
  user: string;
  trigger: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId?: string;
  /** Field errors from the last `response_action: errors` ack, keyed by input block_id. */
  errors: Record<string, string>;
  open: boolean;
  /** What the user typed last, by block_id then action_id (kept across `views.update`). */
  values: Record<string, Record<string, unknown>>;
}

export interface RecordedFile {
  id: string;
  filename: string;
  title?: string;
  length: number;
  bytes?: Buffer;
  contentType?: string;
  channels: string[];
  completed: boolean;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  contentType: string;
  /** The token the call carried (Bearer header or `token` field), if any. */
  token?: string;
  at: number;
  /** The `error` the emulator answered with, or undefined on success. */
  error?: string;
  status: number;
}

export type FaultSpec = { status: 429; retryAfter?: number } | { status: 500 } | { error: string };

export interface OutboundResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  json?: unknown;
  /** Set when the request went over Socket Mode. */
  envelopeId?: string;
  /** Set when no ack came: `operation_timeout`, `no_socket`, or the network error. */
  error?: string;
}
