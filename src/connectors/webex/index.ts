import { defineConnector } from '../define.ts';
import type { ConnectorContext, ConnectorParts } from '../types.ts';
import { WebexApi } from './api.ts';
import { type WebexClient, webexClient } from './client.ts';
import { DESTINATION_KINDS } from './destination.ts';
import { Identity } from './identity.ts';
import { type WebexBody, webexBody } from './native.ts';
import { type WebexOptions, webexOptions } from './options.ts';
import { WebexOutbound } from './outbound.ts';
import { webhookReceiver } from './receiver.ts';
import { WebhookSecret } from './secret.ts';
import { WebhookSync } from './webhooks.ts';

/**
 * `type: webex`: markdown messages, Adaptive Card forms and files out through the REST API
 * (plain fetch); messages and card submits in over POST /hooks/<connection>, from webhooks the
 * connection registers itself once the gateway listens.
 */
export const webexConnector = defineConnector({
  type: 'webex',
  options: webexOptions,
  native: webexBody,
  // Webex publishes no number, only 429 + Retry-After, and says messaging is the strictest; 30 a
  // minute (one every 2 s) stays under the one figure it documents anywhere (50/min per client,
  // Contact Center) with room for the reads each inbound message costs.
  defaultRateLimit: 30,
  capabilities: () => ({
    send: true,
    destinations: DESTINATION_KINDS,
    forms: 'native',
    files: true,
    receive: 'webhook',
    auth: false,
  }),
  create: (ctx) => createWebexParts(ctx),
});

export function createWebexParts(
  ctx: ConnectorContext<WebexOptions>,
): ConnectorParts<WebexBody, WebexClient> {
  const { options } = ctx;
  const redactor = ctx.redactor.scope();
  redactor.addAll([options.token, options.webhookSecret]);
  const api = new WebexApi({ apiUrl: options.apiUrl, token: options.token, clock: ctx.clock, redactor });
  const identity = new Identity(api, ctx.state);
  const secret = new WebhookSecret(options.webhookSecret, ctx.state, [ctx.redactor, redactor]);
  const outbound = new WebexOutbound(api);
  const hooks = new WebhookSync({ api, state: ctx.state, connection: ctx.name, log: ctx.log });
  return {
    client: webexClient({ api, token: options.token, outbound, identity, redactor }),
    send: (destination, payload) => outbound.send(destination, payload),
    receive: webhookReceiver({ connection: ctx.name, api, identity, secret, outbound, log: ctx.log }),
    async setup() {
      await identity.refresh();
      if (!ctx.publicUrl) {
        ctx.log.warn(
          { connection: ctx.name },
          'webex: no public URL (http.publicUrl) — webhooks not registered, so nothing will be received',
        );
        return;
      }
      await hooks.sync({
        targetUrl: `${ctx.publicUrl}/hooks/${encodeURIComponent(ctx.name)}`,
        secret: await secret.ensure(),
      });
    },
  };
}

export type { WebexDownload, WebexFileUpload } from './client.ts';
export type { WebexBody, WebexClient, WebexOptions };
