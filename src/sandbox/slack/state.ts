/** Everything the emulator remembers, in plain arrays and maps that tests read directly. */
import { createTsSource, newId } from './ids.ts';
import type {
  RecordedCall,
  RecordedFile,
  RecordedMessage,
  RecordedView,
  SlackChannel,
  SlackShortcut,
  SlackUser,
} from './types.ts';

export interface Workspace {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
  users: SlackUser[];
  channels: SlackChannel[];
  shortcuts: SlackShortcut[];
}

export interface Trigger {
  id: string;
  user: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrl {
  id: string;
  user: string;
  channel: string;
  issuedAt: number;
  uses: number;
  /** The message a block action came from, for `replace_original` / `delete_original`. */
  messageTs?: string;
}

export interface SlackState {
  workspace: Workspace;
  messages: RecordedMessage[];
  views: RecordedView[];
  files: RecordedFile[];
  calls: RecordedCall[];
  triggers: Map<string, Trigger>;
  responseUrls: Map<string, ResponseUrl>;
  /** DM channel id per user, created by `conversations.open` (stable, like Slack's). */
  dms: Map<string, string>;
  nextTs: () => string;
}

export const DEFAULT_USERS: SlackUser[] = [
  { id: 'U01MINJUN', name: 'minjun.kim', realName: '김민준' },
  { id: 'U02SEOYEON', name: 'seoyeon.lee', realName: '이서연' },
  { id: 'U03JIHO', name: 'jiho.park', realName: '박지호' },
];

export const DEFAULT_CHANNELS: SlackChannel[] = [
  { id: 'C01GENERAL', name: 'general', botMember: true },
  { id: 'C02ATTEND', name: 'attendance', botMember: true },
  { id: 'C03RANDOM', name: 'random', botMember: false },
];

export const DEFAULT_SHORTCUTS: SlackShortcut[] = [
  { callbackId: 'attendance', name: '근태 입력 (Attendance)', type: 'global' },
];

export function createState(
  options: { users?: SlackUser[]; channels?: SlackChannel[]; shortcuts?: SlackShortcut[] },
  clock: () => number,
): SlackState {
  return {
    workspace: {
      teamId: 'T01SANDBOX',
      teamDomain: 'sandbox',
      appId: 'A01OPSBOT',
      botId: 'B01OPSBOT',
      botUserId: 'U00OPSBOT',
      users: options.users ?? DEFAULT_USERS,
      channels: (options.channels ?? DEFAULT_CHANNELS).map((c) => ({ ...c })),
      shortcuts: options.shortcuts ?? DEFAULT_SHORTCUTS,
    },
    messages: [],
    views: [],
    files: [],
    calls: [],
    triggers: new Map(),
    responseUrls: new Map(),
    dms: new Map(),
    nextTs: createTsSource(clock),
  };
}

export function findUser(state: SlackState, id: string): SlackUser | undefined {
  return state.workspace.users.find((u) => u.id === id);
}

export function findChannel(state: SlackState, id: string): SlackChannel | undefined {
  return state.workspace.channels.find((c) => c.id === id);
}

/** The DM channel between the bot and `user`, made on first use and the same id ever after. */
export function dmChannel(state: SlackState, user: string): string {
  let id = state.dms.get(user);
  if (!id) {
    id = newId('D');
    state.dms.set(user, id);
  }
  return id;
}

/** The user a DM channel id belongs to, or undefined when `channel` is not a known DM. */
export function dmUser(state: SlackState, channel: string): string | undefined {
  for (const [user, id] of state.dms) if (id === channel) return user;
  return undefined;
}

export function channelName(state: SlackState, id: string): string {
  const user = dmUser(state, id);
  if (user) return 'directmessage';
  return findChannel(state, id)?.name ?? id;
}

/** The newest open view of `user` (the top of their modal stack). */
export function currentView(state: SlackState, user: string): RecordedView | undefined {
  return state.views.findLast((v) => v.user === user && v.open);
}

export function findView(state: SlackState, id: string): RecordedView | undefined {
  return state.views.find((v) => v.id === id);
}
