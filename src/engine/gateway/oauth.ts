import type { FastifyInstance } from 'fastify';
import { CALLBACK_PAGE_HEADERS, callbackPage, handleOAuthCallback } from '../oauth/callback.ts';
import { flattenQuery } from './apps.ts';
import type { GatewayOptions } from './types.ts';

/** GET /oauth/<connection>/callback: where a consent screen sends the person back with a code. */
export function registerOAuthRoutes(
  app: FastifyInstance,
  options: Pick<GatewayOptions, 'connectors' | 'store' | 'clock'>,
): void {
  app.get<{ Params: { connection: string } }>('/oauth/:connection/callback', async (req, reply) => {
    const answer = await handleOAuthCallback({
      connection: req.params.connection,
      connector: options.connectors.get(req.params.connection),
      query: flattenQuery(req.query),
      store: options.store,
      now: options.clock.now(),
    });
    return reply.code(answer.status).headers(CALLBACK_PAGE_HEADERS).send(callbackPage(answer));
  });
}
