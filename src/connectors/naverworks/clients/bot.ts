import { DeliveryError } from '../../types.ts';
import { WorksApiError } from '../api.ts';
import { type Page, type PageOptions, query, type RawClientDeps, toPage } from './deps.ts';
import { type DownloadedFile, downloadFollowing, postFiledata } from './upload.ts';

/** Bot extras beyond sending: rooms, the persistent menu, attachment upload and download. */

export interface Channel {
  channelId: string;
  title?: string;
  domainId?: number;
  channelType?: { type: 'SINGLE_USER' | 'MULTI_USERS' | 'GROUP'; groupId?: string; orgUnitId?: string };
}

/** The persistent menu takes only these three action types, labels up to 20 characters, 4 actions. */
export interface MenuAction {
  type: 'message' | 'uri' | 'copy';
  label: string;
  text?: string;
  postback?: string;
  uri?: string;
  copyText?: string;
}

const isNotFound = (err: unknown) => err instanceof WorksApiError && err.status === 404;

export function botClient(deps: RawClientDeps) {
  const { connection, options, request, raw } = deps;

  const botPath = (rest: string): string => {
    if (!options.botId) {
      throw new DeliveryError(`connection "${connection}" has no botId: set botId to use the bot API`, {
        retryable: false,
      });
    }
    return `/bots/${encodeURIComponent(options.botId)}${rest}`;
  };

  return {
    /** Opens a room with the bot and `members` (1..100 user ids); the API allows 10 of these a minute. */
    async createChannel(input: {
      members: string[];
      title?: string;
    }): Promise<{ channelId: string; title: string }> {
      const body = { members: input.members, ...(input.title === undefined ? {} : { title: input.title }) };
      const res = await request('POST', botPath('/channels'), body);
      const answer = (res.body ?? {}) as { channelId?: unknown; title?: unknown };
      return { channelId: String(answer.channelId ?? ''), title: String(answer.title ?? input.title ?? '') };
    },

    async channel(channelId: string): Promise<Channel> {
      const res = await request('GET', botPath(`/channels/${encodeURIComponent(channelId)}`));
      return res.body as Channel;
    },

    async channelMembers(channelId: string, page: PageOptions = {}): Promise<Page<string>> {
      const path = botPath(`/channels/${encodeURIComponent(channelId)}/members`);
      const res = await request('GET', `${path}${query({ count: page.count, cursor: page.cursor })}`);
      return toPage<string>(res.body, 'members');
    },

    /** null when the bot has no persistent menu. */
    async getPersistentMenu(): Promise<MenuAction[] | null> {
      try {
        const res = await request('GET', botPath('/persistentmenu'));
        const content = (res.body as { content?: { actions?: MenuAction[] } } | undefined)?.content;
        return content?.actions ?? [];
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    /** Replaces the menu. Adding a rich menu later deletes it (a rule of the service). */
    async setPersistentMenu(actions: MenuAction[]): Promise<void> {
      await request('POST', botPath('/persistentmenu'), { content: { actions } });
    },

    /** Removing a menu that is not there is not an error. */
    async deletePersistentMenu(): Promise<void> {
      try {
        await request('DELETE', botPath('/persistentmenu'));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },

    /** Uploads bytes as a bot attachment and returns its fileId (single use, valid 24 h). */
    async upload(fileName: string, bytes: Uint8Array): Promise<string> {
      const res = await request('POST', botPath('/attachments'), { fileName });
      const { fileId, uploadUrl } = (res.body ?? {}) as { fileId?: unknown; uploadUrl?: unknown };
      if (typeof fileId !== 'string' || typeof uploadUrl !== 'string') {
        throw new DeliveryError('POST attachments answered without fileId and uploadUrl', {
          retryable: false,
        });
      }
      await postFiledata(raw, uploadUrl, fileName, bytes);
      return fileId;
    },

    /** A file a user sent (callback `content.fileId`) or one the bot uploaded. */
    download(fileId: string): Promise<DownloadedFile> {
      return downloadFollowing(raw, options.apiUrl, botPath(`/attachments/${encodeURIComponent(fileId)}`));
    },
  };
}

export type BotClient = ReturnType<typeof botClient>;
