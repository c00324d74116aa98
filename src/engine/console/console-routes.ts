import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleAuthService, Identity } from './console-auth.ts';
import {
  clientAddress,
  jsonBody,
  originMatches,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
} from './request-checks.ts';

const WRONG = 'wrong name or password';

function refuse(reply: FastifyReply, who: Identity & { ok: false }) {
  if (who.retryAfterSeconds !== undefined) reply.header('retry-after', String(who.retryAfterSeconds));
  return reply.code(who.status).send({ error: who.error });
}

function credentials(req: FastifyRequest): { name: string; password: string } | undefined {
  const body = jsonBody(req) as { name?: unknown; password?: unknown } | undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const { name, password } = body;
  if (typeof name !== 'string' || typeof password !== 'string') return undefined;
  if (!name || name.length > 200 || password.length > 1024) return undefined;
  return { name, password };
}

async function login(auth: ConsoleAuthService, req: FastifyRequest, reply: FastifyReply) {
  const gated = await auth.gate(req);
  if (gated && !gated.ok) return refuse(reply, gated);
  // A page elsewhere must not sign the browser in as someone else (login CSRF).
  if (!originMatches(req)) return reply.code(403).send({ error: 'cross-origin request refused' });
  const given = credentials(req);
  if (!given) return reply.code(400).send({ error: 'send JSON {"name": "…", "password": "…"}' });
  const address = clientAddress(req);
  const row = {
    actor: given.name.slice(0, 200),
    via: 'console' as const,
    action: 'login',
    target: given.name,
  };
  const wait = auth.throttle.retryAfter(given.name, address);
  if (wait > 0) {
    await auth.audit({ ...row, args: { address }, outcome: 'denied', error: 'too many failed logins' });
    reply.header('retry-after', String(wait));
    return reply.code(429).send({ error: `too many failed logins: try again in ${wait}s` });
  }
  const session = await auth.accounts.login(given.name, given.password);
  if (!session) {
    auth.throttle.failed(given.name, address);
    await auth.audit({ ...row, args: { address }, outcome: 'denied', error: WRONG });
    return reply.code(401).send({ error: WRONG });
  }
  auth.throttle.succeeded(given.name);
  await auth.audit({ ...row, args: { address }, outcome: 'ok', error: null });
  reply.header('set-cookie', sessionCookie(session.cookie));
  return reply.send({ name: session.user.name, role: session.user.role, csrf: session.csrf });
}

async function logout(auth: ConsoleAuthService, req: FastifyRequest, reply: FastifyReply) {
  const who = await auth.identify(req);
  if (!who.ok) return refuse(reply, who);
  const cookie = readCookie(req, SESSION_COOKIE);
  if (who.actor.via === 'console' && cookie) await auth.accounts.logout(cookie);
  await auth.audit({
    actor: who.actor.name,
    via: who.actor.via,
    action: 'logout',
    target: who.actor.name,
    args: {},
    outcome: 'ok',
    error: null,
  });
  reply.header('set-cookie', sessionCookie(null));
  return reply.send({ ok: true });
}

/** POST /console/login, POST /console/logout, GET /console/session (docs/console-auth.md). */
export function registerConsoleRoutes(app: FastifyInstance, auth: ConsoleAuthService): void {
  app.post('/console/login', (req, reply) => login(auth, req, reply));
  app.post('/console/logout', (req, reply) => logout(auth, req, reply));
  app.get('/console/session', async (req, reply) => {
    const who = await auth.identify(req);
    if (!who.ok) return refuse(reply, who);
    return reply.send({ name: who.actor.name, role: who.actor.role, via: who.actor.via, csrf: who.csrf });
  });
}
