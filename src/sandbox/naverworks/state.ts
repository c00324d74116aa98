/** In-memory world of the emulator; tests read it directly to assert what a connector did. */
import { randomBytes } from 'node:crypto';
import type {
  AccessTokenRecord,
  AttachmentRecord,
  AuthCodeRecord,
  BoardRecord,
  CalendarEventRecord,
  ChannelRecord,
  DriveFileRecord,
  DriveUploadRecord,
  FaultSpec,
  GrantKind,
  PersistentMenuRecord,
  PostRecord,
  ReceivedMessage,
  RefreshTokenRecord,
  RequestLogEntry,
  WorksCalendar,
  WorksContact,
  WorksContactTag,
  WorksEmulatorOptions,
  WorksGroup,
  WorksOrgUnit,
  WorksUser,
} from './types.ts';

export interface WorksState {
  /** Successful and failed calls to the token endpoint, per grant (single-flight refresh tests). */
  tokenCalls: Record<GrantKind, number>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  authCodes: Map<string, AuthCodeRecord>;
  messages: ReceivedMessage[];
  channels: Map<string, ChannelRecord>;
  attachments: Map<string, AttachmentRecord>;
  /** Per botId. */
  persistentMenus: Map<string, PersistentMenuRecord>;
  boards: Map<string, BoardRecord>;
  posts: PostRecord[];
  /** Files and folders of every drive and group folder, told apart by `space`. */
  driveFiles: Map<string, DriveFileRecord>;
  driveUploads: Map<string, DriveUploadRecord>;
  users: WorksUser[];
  groups: WorksGroup[];
  orgUnits: WorksOrgUnit[];
  contacts: WorksContact[];
  contactTags: WorksContactTag[];
  calendars: WorksCalendar[];
  /** Events per calendarId, keyed by eventId; default calendars are `default-{userId}`. */
  events: Map<string, Map<string, CalendarEventRecord>>;
  faults: FaultSpec[];
  requests: RequestLogEntry[];
  /** Makes an access token fail with 401 from now on, as if its lifetime had run out. */
  expireToken(token: string): void;
  expireAllTokens(): void;
  /** Seeds a file as if a user had sent it, so callbacks can carry its fileId. */
  addAttachment(botId: string, fileName: string, bytes: Buffer): string;
}

export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}

export function createState(options: WorksEmulatorOptions, now: () => number): WorksState {
  const channels = new Map<string, ChannelRecord>();
  for (const c of options.channels ?? []) {
    channels.set(c.channelId, {
      channelId: c.channelId,
      botId: c.botId,
      title: c.title ?? '',
      members: [...c.members],
    });
  }
  const state: WorksState = {
    tokenCalls: { 'jwt-bearer': 0, authorization_code: 0, refresh_token: 0 },
    accessTokens: new Map(),
    refreshTokens: new Map(),
    authCodes: new Map(),
    messages: [],
    channels,
    attachments: new Map(),
    persistentMenus: new Map(),
    boards: new Map(
      (options.boards ?? []).map((b) => [
        b.boardId,
        { boardId: b.boardId, boardName: b.boardName, description: b.description ?? '' },
      ]),
    ),
    posts: [],
    driveFiles: new Map(),
    driveUploads: new Map(),
    users: [...(options.users ?? [])],
    groups: [...(options.groups ?? [])],
    orgUnits: [...(options.orgUnits ?? [])],
    contacts: [...(options.contacts ?? [])],
    contactTags: [...(options.contactTags ?? [])],
    calendars: [...(options.calendars ?? [])],
    events: new Map(),
    faults: [],
    requests: [],
    expireToken(token) {
      const rec = state.accessTokens.get(token);
      // Expire rather than delete, so the 401 path for "known but stale" is the one exercised.
      if (rec) rec.expiresAt = now() - 1;
    },
    expireAllTokens() {
      for (const rec of state.accessTokens.values()) rec.expiresAt = now() - 1;
    },
    addAttachment(botId, fileName, bytes) {
      const fileId = randomId('file-');
      state.attachments.set(fileId, {
        fileId,
        botId,
        fileName,
        uploadToken: randomId('up-'),
        uploaded: true,
        bytes,
        downloadToken: randomId('dl-'),
      });
      return fileId;
    },
  };
  return state;
}
