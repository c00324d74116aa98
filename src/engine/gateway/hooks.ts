import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorMessage } from '../../platform/errors.ts';
import type { InboundPipeline } from './inbound.ts';
import { type GatewayOptions, withoutInboxId } from './types.ts';

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

    // Never 200 for what was not stored: a 503 makes a sender that retries try again later.
    const health = answer.events.length > 0 ? options.health() : { ok: true };
    if (!health.ok) {
      const cause = health.cause ?? 'the daemon cannot take events now';
      options.log.warn({ connection, cause }, 'inbound event refused (503): it could not be stored');
      return notStored(reply, cause);
    }
    let fresh: Awaited<ReturnType<InboundPipeline['accept']>>;
    try {
      fresh = await inbound.accept(connector, answer.events);
    } catch (err) {
      options.log.error({ err: errorMessage(err), connection }, 'inbound event not stored');
      if (STORE_FAILURE.test(errorMessage(err))) options.storeFailed?.(err);
      return notStored(reply, 'the event could not be stored');
    }
    inbound.routeAfterReply(reply, connector, fresh);
    const final = answer.reply ? answer.reply(fresh.map(withoutInboxId)) : answer;
    return reply.code(final.status).send(final.body);
  });
}

/** Errors that mean the store cannot write (SQLite, Postgres, the filesystem), as opposed to a bad event. */
const STORE_FAILURE =
  /ENOSPC|SQLITE_FULL|disk is full|no space left|could not extend|disk I\/O error|SQLITE_IOERR|SQLITE_READONLY|read-only|ECONNREFUSED/i;

function notStored(reply: FastifyReply, cause: string) {
  return reply
    .code(503)
    .header('retry-after', '30')
    .send({ error: `not stored: ${cause}` });
}
