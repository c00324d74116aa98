import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError } from 'fastify';
import { errorMessage, OpsbotError } from '../../platform/errors.ts';
import { registerFormPageRoutes, registerSandboxFormRoutes } from '../forms/routes.ts';
import { registerApiRoutes } from './api-routes.ts';
import { registerAppRoutes } from './apps.ts';
import { registerConsolePages } from './console-pages.ts';
import type { StreamSet } from './event-stream.ts';
import { registerHookRoutes } from './hooks.ts';
import { InboundPipeline } from './inbound.ts';
import { registerOAuthRoutes } from './oauth.ts';
import { registerSandboxRoutes } from './sandbox.ts';
import { sandboxApiGuard } from './sandbox-auth.ts';
import { type Gateway, type GatewayOptions, withoutInboxId } from './types.ts';

/** The daemon's HTTP ingress: /hooks, /apps, /healthz, /metrics and /sandbox on one port. */
export function createGateway(options: GatewayOptions): Gateway {
  const { host, port, log, metrics } = options;
  // Fastify's logger stays off: requests are logged (or not) by us, with our redaction rules.
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit });
  const inbound = new InboundPipeline(options);
  const streams: StreamSet = new Set();

  // Every body arrives as the raw bytes. Signatures are computed over exactly those bytes, so
  // nothing may parse (and re-serialise) JSON before a connector has verified it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) log.error({ err, method: req.method, url: req.url }, 'gateway request failed');
    // Client errors are Fastify's own short texts (e.g. body too large); anything else stays generic.
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : err.message });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not found' }));

  app.get('/healthz', async (_req, reply) => {
    const health = options.health();
    return reply.code(health.ok ? 200 : 503).send(health);
  });

  app.get('/metrics', async (_req, reply) => {
    await options.beforeMetrics?.();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  registerHookRoutes(app, options, inbound);
  registerOAuthRoutes(app, options);
  registerAppRoutes(app, options);
  // The sandbox has no login: on by itself only where no one else can reach it.
  const sandbox = options.sandbox ?? isLoopbackHost(host);
  if (sandbox) {
    // A hook, not a check per route: it covers routes registered elsewhere too (the forms' submit).
    app.addHook('preHandler', sandboxApiGuard(options));
    registerSandboxRoutes(app, options, inbound, streams);
  }
  if (options.forms) {
    registerFormPageRoutes(app, options.forms);
    if (sandbox) registerSandboxFormRoutes(app, options.forms);
  }

  // The console's pages and /api/v1 need both: who is calling, and the daemon API to call.
  if (options.api && options.consoleAuth) {
    options.consoleAuth.register(app);
    registerApiRoutes(app, { ...options, api: options.api, consoleAuth: options.consoleAuth }, streams);
    registerConsolePages(app, options);
  }

  let closing: Promise<void> | undefined;

  return {
    async receive(connector, events) {
      const fresh = await inbound.accept(connector, events);
      await inbound.route(connector, fresh);
      return fresh.map(withoutInboxId);
    },
    async listen() {
      try {
        await app.listen({ host, port });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new OpsbotError('PORT_IN_USE', `port ${port} on ${host} is in use (http.port)`, {
            cause: err,
          });
        }
        throw new OpsbotError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${errorMessage(err)}`, {
          cause: err,
        });
      }
      const address = app.server.address() as AddressInfo;
      return { url: `http://${urlHost(host, address)}:${address.port}` };
    },

    close() {
      closing ??= (async () => {
        // Live streams never finish on their own; close() would wait for them forever.
        for (const end of [...streams]) end();
        await app.close();
      })();
      return closing;
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost; a wildcard (0.0.0.0, ::) or any other address is reachable from outside. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A wildcard bind is reached through loopback; anything else through the name it was given. */
function urlHost(host: string, address: AddressInfo): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  if (address.family === 'IPv6' && host.includes(':')) return `[${host}]`;
  return host;
}
