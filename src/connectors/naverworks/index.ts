import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { authStatus } from '../auth-status.ts';
import { defineConnector } from '../define.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import type { ConnectorAuth, OutboundPayload } from '../types.ts';
import { createWorksApi, createWorksRawFetch } from './api.ts';
import { type BoardClient, boardClient } from './clients/board.ts';
import { type BotClient, botClient } from './clients/bot.ts';
import { type CalendarClient, calendarClient } from './clients/calendar.ts';
import { type ContactsClient, contactsClient } from './clients/contacts.ts';
import { type DirectoryClient, directoryClient } from './clients/directory.ts';
import { type DriveClient, driveClient } from './clients/drive.ts';
import { resolveUploads } from './clients/upload.ts';
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

/** A native NAVER WORKS message: `{content: {...}}` or the bare content object (text, flex, button…). */
export const naverworksBody = z.record(z.string(), z.unknown());
export type NaverworksBody = z.output<typeof naverworksBody>;

export const naverworksConnector = defineConnector({
  type: 'naverworks',
  options: naverworksOptions,
  native: naverworksBody,
  // The documented per-tenant, per-operation limit of the Standard/Advanced plans.
  defaultRateLimit: 240,
  capabilities: (options) => ({
    // Messages go out as the bot: without botId a connection serves only the API clients.
    send: options.botId !== undefined,
    destinations: DESTINATIONS,
    // No forms on the platform: a form is a button that opens the signed page.
    forms: options.botId === undefined ? false : 'link',
    files: true,
    receive: options.botId !== undefined && options.botSecret !== undefined ? 'webhook' : false,
    auth: true,
  }),
  create(ctx) {
    const options = withRedirect(ctx.options, ctx.name, ctx.publicUrl);
    const redactor = ctx.redactor.scope();
    redactor.addAll([options.clientSecret, options.privateKey, options.botSecret]);
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
    const auth = connectorAuth(ctx.name, tokens, ctx.clock);
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
      client,
      auth,
      async send(destination: string, payload: OutboundPayload<NaverworksBody>): Promise<void> {
        // defineConnector sends only when the capability is there, which needs botId.
        if (!botId) throw new DeliveryError(`connection "${ctx.name}" has no botId`, { retryable: false });
        const path = `/bots/${encodeURIComponent(botId)}${messagePath(destination)}`;
        // Files named in the message (`upload: {fileName, data}`) go up first; the content then carries
        // their fileIds. A retry uploads again: upload URLs and fileIds are single use anyway.
        const content = await resolveUploads(contentOf(payload), bot.upload);
        await request('POST', path, { content });
      },
      receive: {
        mode: 'webhook',
        handle(inbound) {
          // Without the bot's id and secret no callback can be authenticated: refuse them all.
          if (!botId || !botSecret)
            return { status: 401, body: { error: 'callbacks not configured' }, events: [] };
          return verifyCallback({ connection: ctx.name, botId, botSecret }, inbound);
        },
      },
    };
  },
});

/** The gateway's own callback route, unless the connection names another redirect. */
function withRedirect(
  options: NaverworksOptions,
  name: string,
  publicUrl: string | undefined,
): NaverworksOptions {
  if (options.redirectUri || !publicUrl) return options;
  return { ...options, redirectUri: `${publicUrl}/oauth/${encodeURIComponent(name)}/callback` };
}

function connectorAuth(connection: string, tokens: TokenManager, clock: Clock): ConnectorAuth {
  const status = async () => authStatus(connection, 'naverworks', await tokens.info(), clock.now());
  return {
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
}

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

/** The message content: portable and form payloads rendered, native ones as they are (`{content}` or bare). */
export function contentOf(payload: OutboundPayload<NaverworksBody>): unknown {
  if (payload.kind === 'portable') return renderContent(payload.message);
  if (payload.kind === 'form') return renderFormButton(payload.form);
  const body = payload.body;
  if ('content' in body && !('type' in body)) return body['content'];
  return body;
}
