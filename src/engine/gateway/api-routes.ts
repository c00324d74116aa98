import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../contracts/console.ts';
import { apiErrorOf } from './api/http-errors.ts';
import { argsOf } from './api/input.ts';
import { openApiDocument } from './api/openapi.ts';
import { OverviewFeed } from './api/overview-feed.ts';
import { API_ROUTES, type ApiRoute, EVENTS_PATH, OPENAPI_PATH } from './api/route-table.ts';
import { openEventStream, type StreamSet } from './event-stream.ts';
import type { ApiCall, ConsoleAuth, GatewayOptions } from './types.ts';

/** A comment line now and then keeps proxies from closing a quiet stream. */

const AUTH_CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  429: 'TOO_MANY_ATTEMPTS',
  503: 'UNAVAILABLE',
};

/**
 * /api/v1: the daemon API over HTTP (see API_ROUTES). Every route but the OpenAPI document first
 * asks `consoleAuth` who is calling; the daemon then checks that caller's role and audits changes.
 */
export function registerApiRoutes(
  app: FastifyInstance,
  options: GatewayOptions & { api: ApiCall; consoleAuth: ConsoleAuth },
  streams: StreamSet,
): void {
  const { api, consoleAuth, log } = options;

  /** The caller, or null once the refusal has been sent. */
  const actorOf = async (req: FastifyRequest, reply: FastifyReply): Promise<Actor | null> => {
    const auth = await consoleAuth.authenticate(req);
    if (auth.ok) return auth.actor;
    if (auth.retryAfterSeconds !== undefined) reply.header('retry-after', String(auth.retryAfterSeconds));
    const code = AUTH_CODES[auth.status] ?? 'UNAUTHENTICATED';
    await reply.code(auth.status).send({ error: { code, message: auth.error } });
    return null;
  };

  const serve = async (route: ApiRoute, req: FastifyRequest, reply: FastifyReply) => {
    const actor = await actorOf(req, reply);
    if (!actor) return reply;
    const params = req.params as Record<string, string>;
    try {
      const args = argsOf(route, params, req.query as Record<string, unknown>, req.body);
      if (route.call === 'me') return reply.send({ name: actor.name, role: actor.role, via: actor.via });
      const result = await api(route.call, args, actor);
      const answer = route.answer ? route.answer(result, params) : result;
      // An action may return nothing: answer JSON null rather than an empty body.
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer ?? null));
    } catch (err) {
      const e = apiErrorOf(err);
      if (e.status >= 500)
        log.error({ err, method: req.method, url: req.routeOptions.url }, 'api call failed');
      return reply.code(e.status).send({ error: { code: e.code, message: e.message } });
    }
  };

  for (const route of API_ROUTES) {
    app.route({ method: route.method, url: route.path, handler: (req, reply) => serve(route, req, reply) });
  }

  const document = JSON.stringify(openApiDocument());
  app.get(OPENAPI_PATH, (_req, reply) => reply.type('application/json; charset=utf-8').send(document));

  const feed = new OverviewFeed(api, log);
  app.get(EVENTS_PATH, async (req, reply) => {
    const actor = await actorOf(req, reply);
    if (!actor) return reply;
    openEventStream(reply, streams, (write) =>
      feed.subscribe(actor, (data) => write(`event: overview\ndata: ${data}\n\n`)),
    );
  });
}
