import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseSandboxDestination, sandboxFeed } from '../../connectors/sandbox/index.ts';
import type { Connector } from '../../connectors/types.ts';
import { openEventStream, type StreamSet } from './event-stream.ts';
import type { InboundPipeline } from './inbound.ts';
import { withSandboxToken } from './sandbox-auth.ts';
import { withSandboxForms } from './sandbox-forms.ts';
import type { GatewayOptions } from './types.ts';

/** Browsers and proxies drop SSE connections that stay silent; a comment line keeps them open. */
const PAGE_LIMIT_DEFAULT = 200;
const PAGE_LIMIT_MAX = 1000;

const PAGE = withSandboxToken(
  withSandboxForms(readFileSync(new URL('./sandbox-page.html', import.meta.url), 'utf8')),
);

// The page is one inline file; nothing else may load, so message content can never pull in a script.
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Open SSE responses, so close() can end them (they would otherwise hold the server open). */

/** /sandbox: the web chat page, its message API, its live stream, and "type as a person". */
export function registerSandboxRoutes(
  app: FastifyInstance,
  options: GatewayOptions,
  inbound: InboundPipeline,
  streams: StreamSet,
): void {
  const { store, connectors } = options;

  const sandboxConnections = (): Connector[] =>
    [...connectors.values()].filter((connector) => connector.type === 'sandbox');

  const page = (_req: unknown, reply: FastifyReply) =>
    reply.header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(PAGE);
  app.get('/sandbox', page);
  app.get('/sandbox/', page);

  app.get('/sandbox/api/state', async () => ({
    timezone: options.timezone?.() ?? 'UTC',
    connections: sandboxConnections().map((c) => ({
      name: c.name,
      destinations: c.capabilities.destinations,
    })),
    destinations: await store.sandbox.destinations(),
  }));

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/sandbox/api/messages',
    async (req, reply) => {
      const { connection, destination } = req.query;
      const afterId = optionalInt(req.query.afterId);
      const limit = optionalInt(req.query.limit);
      if (afterId === null || limit === null || (limit !== undefined && limit < 1)) {
        return reply.code(400).send({ error: 'afterId and limit must be whole numbers' });
      }
      const messages = await store.sandbox.list({
        connection: connection || undefined,
        destination: destination || undefined,
        afterId,
        limit: Math.min(limit ?? PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX),
      });
      return { messages };
    },
  );

  app.get('/sandbox/api/stream', (_req, reply) => {
    openEventStream(reply, streams, (write) =>
      sandboxFeed(store).subscribe((message) =>
        write(`id: ${message.id}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`),
      ),
    );
  });

  app.post('/sandbox/api/send', async (req, reply) => {
    // JSON only: a cross-site form or text/plain POST cannot reach this without a CORS preflight.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return reply.code(415).send({ error: 'send JSON (content-type: application/json)' });
    }
    const input = parseSend(req.body);
    if (typeof input === 'string') return reply.code(400).send({ error: input });

    const candidates = sandboxConnections();
    const connector = input.connection ? candidates.find((c) => c.name === input.connection) : candidates[0];
    if (!connector) {
      return reply.code(404).send({
        error: input.connection ? 'no such sandbox connection' : 'no sandbox connection is configured',
      });
    }

    const id = randomUUID();
    const fresh = await inbound.accept(connector, [
      {
        id,
        type: 'message',
        replyTo: `${connector.name}/${input.destination}`,
        user: input.user,
        text: input.text,
        raw: { source: 'sandbox-page' },
      },
    ]);
    inbound.routeAfterReply(reply, connector, fresh);
    return reply.send({ ok: true, id });
  });
}

interface SendInput {
  connection?: string;
  destination: string;
  user: string;
  text: string;
}

function parseSend(body: unknown): SendInput | string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    return 'invalid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const v = value as Record<string, unknown>;
  if (v.connection !== undefined && (typeof v.connection !== 'string' || !v.connection)) {
    return 'connection must be a non-empty string';
  }
  if (typeof v.destination !== 'string' || !v.destination.trim()) return 'destination is required';
  // A bare name means a channel, the way people type "#general".
  const destination = v.destination.includes('/') ? v.destination.trim() : `channel/${v.destination.trim()}`;
  if (!parseSandboxDestination(destination)) return 'destination must be channel/<id> or user/<id>';
  if (v.user !== undefined && typeof v.user !== 'string') return 'user must be a string';
  const user = typeof v.user === 'string' && v.user.trim() ? v.user.trim() : 'guest';
  if (typeof v.text !== 'string' || !v.text.trim()) return 'text is required';
  return { connection: v.connection as string | undefined, destination, user, text: v.text };
}

/** undefined when absent, null when present but not a whole number. */
function optionalInt(value: string | undefined): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : null;
}
