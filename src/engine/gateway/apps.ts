import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpRequest, HttpResponse } from '../../contracts/http.ts';
import { appPathOf } from './app-path.ts';
import type { GatewayOptions } from './types.ts';

type AppRequest = FastifyRequest<{ Params: { app: string; '*'?: string } }>;

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/** /apps/<app>/…: hands the request to the app's route table (over IPC in the daemon). */
export function registerAppRoutes(app: FastifyInstance, options: GatewayOptions): void {
  const handler = async (req: AppRequest, reply: FastifyReply) => {
    // From the raw URL, not Fastify's params: those are decoded but not normalised.
    const target = appPathOf(req.url);
    if (!target.ok) return reply.code(400).send({ error: target.error });
    const name = target.app;
    const contentType = headerValue(req.headers['content-type']);
    const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
    let body: unknown;
    if (raw && raw.length > 0) {
      if (JSON_TYPE.test(contentType)) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return reply.code(400).send({ error: 'invalid JSON body' });
        }
      } else {
        body = raw.toString('utf8');
      }
    }
    const request: HttpRequest = {
      method: req.method,
      path: target.path,
      query: flattenQuery(req.query),
      headers: flattenHeaders(req.headers),
      body,
    };

    let response: HttpResponse | null;
    try {
      response = await options.appRoute(name, request);
    } catch (err) {
      // The error may carry an app's stack or internals: log it, answer generically.
      options.log.error({ err, app: name, method: req.method, path: request.path }, 'app route failed');
      return reply.code(502).send({ error: 'the app failed to answer' });
    }
    if (!response) return reply.code(404).send({ error: 'no such route' });
    return sendAppResponse(reply, response, options, name);
  };

  app.all('/apps/:app', handler);
  app.all('/apps/:app/*', handler);
}

function sendAppResponse(reply: FastifyReply, response: HttpResponse, options: GatewayOptions, app: string) {
  const status = response.status ?? 200;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    options.log.error({ app, status }, 'app route answered with an invalid status');
    return reply.code(502).send({ error: 'the app failed to answer' });
  }
  reply.code(status);
  if (response.headers) reply.headers(response.headers);
  const body = response.body;
  if (body === undefined) return reply.send();
  if (typeof body === 'string' || Buffer.isBuffer(body)) return reply.send(body);
  if (!reply.hasHeader('content-type')) reply.type('application/json; charset=utf-8');
  return reply.send(JSON.stringify(body));
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function flattenHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Repeated keys keep their last value: the SDK's query is a flat string map. */
export function flattenQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[key] = String(last);
  }
  return out;
}
