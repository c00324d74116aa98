import type { FastifyInstance } from 'fastify';
import type { InboundPipeline } from './inbound.ts';
import type { GatewayOptions } from './types.ts';

const EMPTY = Buffer.alloc(0);

/**
 * POST /hooks/<connection>: verify over the raw bytes, store, acknowledge, then route. Kept lean on
 * purpose — messengers time out fast (Slack 3 s) and some never retry (NAVER WORKS).
 */
export function registerHookRoutes(
  app: FastifyInstance,
  options: GatewayOptions,
  inbound: InboundPipeline,
): void {
  const { connectors, metrics } = options;

  app.post<{ Params: { connection: string } }>('/hooks/:connection', async (req, reply) => {
    const connection = req.params.connection;
    const connector = connectors.get(connection);
    if (!connector?.verify) return reply.code(404).send({ error: 'no such connection' });

    const rawBody = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    const result = await connector.verify({ headers: req.headers, rawBody });
    if (!result.ok) {
      metrics.inbound.inc({ connection, result: 'rejected' });
      return reply.code(result.status).send({ error: result.reason });
    }

    const fresh = await inbound.accept(connector, result.events);
    inbound.routeAfterReply(reply, connector, fresh);
    return reply.code(result.reply?.status ?? 200).send(result.reply ? result.reply.body : { ok: true });
  });
}
