import type { PortableMessage } from '../../sdk/message.ts';
import type { Connector, ConnectorContext, ConnectorType, OutboundPayload } from '../types.ts';
import { DeliveryError } from '../types.ts';
import { createWorksApi } from './api.ts';
import { Redactor } from './errors.ts';
import { type NaverworksOptions, naverworksOptions } from './options.ts';
import { renderContent } from './render.ts';
import { type AccessTokenInfo, TokenManager } from './tokens.ts';
import { verifyCallback } from './verify.ts';

/** `type: naverworks`: NAVER WORKS / LINE WORKS bot messages out, bot callbacks in. */

const DESTINATIONS: readonly string[] = ['channel', 'user'];

export interface NaverworksClient {
  /** User flow: the consent URL to open (needs redirectUri). */
  authorizeUrl(state: string): string;
  /** User flow: stores the access and refresh tokens the redirect's code buys. */
  exchangeCode(code: string): Promise<void>;
  /** Expiry of the stored tokens, for `auth status`; never the values. */
  accessTokenInfo(): Promise<AccessTokenInfo>;
}

export const naverworksConnector: ConnectorType = {
  type: 'naverworks',
  options: naverworksOptions,
  create(ctx: ConnectorContext): Connector {
    const options = naverworksOptions.parse(ctx.options);
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
    const request = createWorksApi({ apiUrl: options.apiUrl, tokens, clock: ctx.clock, redactor });
    const client: NaverworksClient = {
      authorizeUrl: (state) => tokens.authorizeUrl(state),
      exchangeCode: (code) => tokens.exchangeCode(code),
      accessTokenInfo: () => tokens.info(),
    };
    const { botId, botSecret } = options;

    return {
      name: ctx.name,
      type: 'naverworks',
      // The documented per-tenant, per-operation limit of the Standard/Advanced plans.
      defaultRateLimit: 240,
      destinations: DESTINATIONS,
      client: client as unknown as Record<string, (...args: never[]) => unknown>,

      async send(destination: string, payload: OutboundPayload): Promise<void> {
        if (!botId) {
          throw new DeliveryError(`connection "${ctx.name}" has no botId: it cannot send messages`, {
            retryable: false,
          });
        }
        const path = `/bots/${encodeURIComponent(botId)}${messagePath(destination)}`;
        await request('POST', path, { content: contentOf(payload) });
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
  const message = payload.message;
  if (message !== null && typeof message === 'object' && 'content' in message && !('type' in message)) {
    return (message as { content: unknown }).content;
  }
  return message;
}
