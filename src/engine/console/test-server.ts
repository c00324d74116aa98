import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { FakeClock } from '../../platform/clock.ts';
import { consoleSchema } from '../../platform/config/schema.ts';
import { silentLogger } from '../../platform/log.ts';
import { type Backend, sqliteBackend } from '../../platform/store/testing/backends.ts';
import type { Store } from '../../platform/store/types.ts';
import { ConsoleAuthService, type ConsoleConfig } from './console-auth.ts';
import { TEST_PASSWORD_COST } from './passwords.ts';

/** Test-only: a real Fastify on 127.0.0.1 shaped like the gateway, with the console's routes. */
export interface ConsoleServer {
  app: FastifyInstance;
  url: string;
  store: Store;
  clock: FakeClock;
  auth: ConsoleAuthService;
  /** Replace to change the console config (read on every request). */
  config: ConsoleConfig;
  close(): Promise<void>;
}

export async function consoleServer(): Promise<ConsoleServer> {
  const backend: Backend = await sqliteBackend();
  const store = await backend.open();
  const clock = new FakeClock('2026-12-01T00:00:00Z');
  const server = { config: consoleSchema.parse({}) } as ConsoleServer;
  const auth = new ConsoleAuthService({
    store,
    clock,
    log: silentLogger(),
    config: () => server.config,
    passwordCost: TEST_PASSWORD_COST,
  });
  const app = Fastify({ logger: false });
  // As the gateway does: bodies stay raw bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  auth.register(app);
  // What /api/v1 will do first: who is this, or why not.
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/api/v1/whoami',
    handler: async (req, reply) => {
      const who = await auth.authenticate(req);
      if (who.ok) return who.actor;
      return reply.code(who.status).send({ error: who.error });
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return Object.assign(server, {
    app,
    url: `http://127.0.0.1:${port}`,
    store,
    clock,
    auth,
    async close() {
      await app.close();
      await backend.dispose();
    },
  });
}
