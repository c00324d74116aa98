import { defineConnector } from '../define.ts';
import type { ConnectorContext, ConnectorParts } from '../types.ts';
import { type SlackClient, slackClient } from './client.ts';
import { DESTINATION_KINDS } from './destination.ts';
import { type SlackBody, slackBody } from './native.ts';
import { type SlackOptions, slackOptions } from './options.ts';
import { SlackOutbound } from './outbound.ts';
import { type InboundDeps, webhookReceiver } from './receiver.ts';
import { ResponseUrls } from './responses.ts';
import { socketReceiver } from './socket.ts';
import { TriggerMemory } from './triggers.ts';
import { createWebClient } from './web.ts';

/**
 * `type: slack`: messages, modals and files out through the Web API; commands, shortcuts, modal
 * submits and events in over POST /hooks/<connection> or, with an app token, Socket Mode.
 */
export const slackConnector = defineConnector({
  type: 'slack',
  options: slackOptions,
  native: slackBody,
  // chat.postMessage allows about one message per second per channel.
  defaultRateLimit: 60,
  capabilities: (options) => ({
    send: true,
    destinations: DESTINATION_KINDS,
    forms: 'native',
    files: true,
    receive: options.appToken ? 'socket' : 'webhook',
    auth: false,
  }),
  create: (ctx) => createSlackParts(ctx),
});

/** Knobs tests turn; the config has none of them. */
export interface SlackTuning {
  /** Socket Mode's ping timeout, which is also the base of its reconnect delay (client default 5 s). */
  socketPingTimeoutMs?: number;
}

export function createSlackParts(
  ctx: ConnectorContext<SlackOptions>,
  tuning: SlackTuning = {},
): ConnectorParts<SlackBody, SlackClient> {
  const { options } = ctx;
  const redactor = ctx.redactor.scope();
  redactor.addAll([options.botToken, options.signingSecret, options.appToken]);
  const triggers = new TriggerMemory(ctx.clock);
  const responses = new ResponseUrls(ctx.state, ctx.clock);
  const web = createWebClient(options.botToken, options.apiUrl, ctx.log, redactor);
  const outbound = new SlackOutbound({
    web,
    state: ctx.state,
    clock: ctx.clock,
    redactor,
    triggers,
    responses,
  });
  const deps: InboundDeps = {
    connection: ctx.name,
    signingSecret: options.signingSecret,
    clock: ctx.clock,
    log: ctx.log,
    triggers,
    responses,
    outbound,
  };
  return {
    client: slackClient(outbound, redactor),
    send: (destination, payload) => outbound.send(destination, payload),
    receive: options.appToken
      ? socketReceiver(deps, {
          appToken: options.appToken,
          apiUrl: options.apiUrl,
          redactor,
          ...(tuning.socketPingTimeoutMs ? { clientPingTimeoutMs: tuning.socketPingTimeoutMs } : {}),
        })
      : webhookReceiver(deps),
  };
}

export type { SlackFileUpload } from './client.ts';
export type { SlackBody, SlackClient, SlackOptions };
