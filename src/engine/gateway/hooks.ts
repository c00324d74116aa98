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
    const receiver = connector?.receive;
    if (!connector || receiver?.mode !== 'webhook')
      return reply.code(404).send({ error: 'no such connection' });

    const rawBody = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    const answer = await receiver.handle({ headers: req.headers, rawBody });
    if (answer.status >= 400) {
      metrics.inbound.inc({ connection, result: 'rejected' });
      return reply.code(answer.status).send(answer.body);
    }

    const fresh = await inbound.accept(connector, answer.events);
    inbound.routeAfterReply(reply, connector, fresh);
    return reply.code(answer.status).send(answer.body);
  });
}
