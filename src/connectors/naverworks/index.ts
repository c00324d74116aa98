import type { FormDelivery } from '../../contracts/forms.ts';
import type { PortableMessage } from '../../contracts/message.ts';
import { authStatus } from '../auth-status.ts';
import type { Connector, ConnectorAuth, ConnectorContext, ConnectorType, OutboundPayload } from '../types.ts';
import { DeliveryError } from '../types.ts';
import { createWorksApi, createWorksRawFetch } from './api.ts';
import { type BoardClient, boardClient } from './clients/board.ts';
import { type BotClient, botClient } from './clients/bot.ts';
import { type CalendarClient, calendarClient } from './clients/calendar.ts';
import { type ContactsClient, contactsClient } from './clients/contacts.ts';
import { type DirectoryClient, directoryClient } from './clients/directory.ts';
import { type DriveClient, driveClient } from './clients/drive.ts';
import { resolveUploads } from './clients/upload.ts';
import { Redactor } from './errors.ts';
import { renderFormButton } from './form.ts';
import { type NaverworksOptions, naverworksOptions } from './options.ts';
import { renderContent } from './render.ts';
import { TokenManager } from './tokens.ts';
import { verifyCallback } from './verify.ts';

/** `type: naverworks`: NAVER WORKS / LINE WORKS bot messages out, bot callbacks in. */

const DESTINATIONS: readonly string[] = ['channel', 'user'];

/** What `ctx.connector('works')` gives apps; every list method pages with `nextCursor`. */
export interface NaverworksClient {
  /** Token state, and a forced refresh (the token-refresher app). */
  auth: Pick<ConnectorAuth, 'status' | 'refresh'>;
  /** Rooms, members, persistent menu, attachment upload/download. */
  bot: BotClient;
  calendar: CalendarClient;
  /** Users, groups, org-unit members; lookup by Korean display name or email. */
  directory: DirectoryClient;
  contacts: ContactsClient;
  /** My drive and group folders: user tokens only. */
  drive: DriveClient;
  board: BoardClient;
}

export const naverworksConnector: ConnectorType = {
  type: 'naverworks',
  options: naverworksOptions,
  create(ctx: ConnectorContext): Connector {
    const options = naverworksOptions.parse({
      // The gateway's own callback route, unless the connection names another redirect.
      ...(ctx.publicUrl
        ? { redirectUri: `${ctx.publicUrl}/oauth/${encodeURIComponent(ctx.name)}/callback` }
        : {}),
      ...ctx.options,
    });
    const redactor = new Redactor();
    for (const secret of [options.clientSecret, options.privateKey, options.botSecret]) redactor.add(secret);
    const tokens = new TokenManager({
      connection: ctx.name,
      options,
      tokens: ctx.store.tokens,
      clock: ctx.clock,
      redactor,
      log: ctx.log,
    });
    const apiInit = { apiUrl: options.apiUrl, tokens, clock: ctx.clock, redactor };
    const request = createWorksApi(apiInit);
    const deps = { connection: ctx.name, options, request };
    const raw = createWorksRawFetch(apiInit);
    const bot = botClient({ ...deps, raw });
    const status = async () => authStatus(ctx.name, 'naverworks', await tokens.info(), ctx.clock.now());
    const auth: ConnectorAuth = {
      authorizeUrl: (state) => tokens.authorizeUrl(state),
      exchangeCode: async (code) => {
        await tokens.exchangeCode(code);
        return status();
      },
      refresh: async () => {
        await tokens.refresh();
        return status();
      },
      status,
    };
    const client: NaverworksClient = {
      auth: { status: auth.status, refresh: auth.refresh },
      bot,
      calendar: calendarClient(deps),
      directory: directoryClient(deps),
      contacts: contactsClient(deps),
      drive: driveClient({ ...deps, raw }),
      board: boardClient(deps),
    };
    const { botId, botSecret } = options;

    return {
      name: ctx.name,
      type: 'naverworks',
      // The documented per-tenant, per-operation limit of the Standard/Advanced plans.
      defaultRateLimit: 240,
      destinations: DESTINATIONS,
      client: client as unknown as Record<string, unknown>,
      auth,

      async send(destination: string, payload: OutboundPayload): Promise<void> {
        if (!botId) {
          throw new DeliveryError(`connection "${ctx.name}" has no botId: it cannot send messages`, {
            retryable: false,
          });
        }
        const path = `/bots/${encodeURIComponent(botId)}${messagePath(destination)}`;
        // Files named in the message (`upload: {fileName, data}`) go up first; the content then carries
        // their fileIds. A retry uploads again: upload URLs and fileIds are single use anyway.
        const content = await resolveUploads(contentOf(payload), bot.upload);
        await request('POST', path, { content });
      },

      verify(inbound) {
        // Without the bot's id and secret no callback can be authenticated: refuse them all.
        if (!botId || !botSecret) return { ok: false, status: 401, reason: 'callbacks not configured' };
        return verifyCallback({ connection: ctx.name, botId, botSecret }, inbound);
      },
    };
  },
};

export type { NaverworksOptions };

/** "channel/<id>" or "user/<id|email>" → the messages path below /bots/{botId}. */
export function messagePath(destination: string): string {
  const slash = destination.indexOf('/');
  const kind = slash > 0 ? destination.slice(0, slash) : '';
  const id = slash > 0 ? destination.slice(slash + 1) : '';
  if (!id || !DESTINATIONS.includes(kind)) {
    throw new DeliveryError(
      `naverworks destination must be channel/<id> or user/<id|email>, got "${destination}"`,
      {
        retryable: false,
      },
    );
  }
  return `/${kind === 'channel' ? 'channels' : 'users'}/${encodeURIComponent(id)}/messages`;
}

/** Native payloads go out as they are: `{content: {...}}` or the bare content object. */
export function contentOf(payload: OutboundPayload): unknown {
  if (payload.kind === 'portable') return renderContent(payload.message as PortableMessage);
  if (payload.kind === 'form') return renderFormButton(payload.message as FormDelivery);
  const message = payload.message;
  if (message !== null && typeof message === 'object' && 'content' in message && !('type' in message)) {
    return (message as { content: unknown }).content;
  }
  return message;
}
