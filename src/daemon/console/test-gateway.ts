import type { FastifyRequest } from 'fastify';
import { type Actor, ROLES, type Role, roleAllows } from '../../contracts/console.ts';
import { type ControlMethod, METHOD_ROLES, unknownMethod } from '../../contracts/daemon-api/index.ts';
import { createGateway, type Gateway } from '../../engine/gateway/index.ts';
import type { ApiCall, AuthResult, ConsoleAuth } from '../../engine/gateway/types.ts';
import { systemClock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { Daemon } from '../daemon.ts';

/**
 * A second gateway on the test daemon with /api/v1 on: a bearer token names the role
 * (`Bearer viewer`, `Bearer operator`, `Bearer admin`); `Bearer slow-down` is refused with 429.
 * The api checks METHOD_ROLES itself, as the daemon's dispatch does, then calls the daemon's handler.
 */
export const testAuth: ConsoleAuth = {
  register() {},
  async authenticate(req: FastifyRequest): Promise<AuthResult> {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === 'slow-down')
      return { ok: false, status: 429, error: 'too many attempts', retryAfterSeconds: 7 };
    if (!token || !ROLES.includes(token as Role)) return { ok: false, status: 401, error: 'log in first' };
    return { ok: true, actor: { name: `${token}-user`, role: token as Role, via: 'api' } };
  },
};

export function roleCheckedApi(handler: (method: string, args: unknown) => Promise<unknown>): ApiCall {
  return async (method: string, args: unknown, actor: Actor) => {
    const needed = Object.hasOwn(METHOD_ROLES, method) ? METHOD_ROLES[method as ControlMethod] : undefined;
    if (!needed) throw unknownMethod(method);
    if (!roleAllows(actor.role, needed)) {
      throw new OpsbotError('FORBIDDEN', `${method} needs the ${needed} role (you are ${actor.role})`);
    }
    return handler(method, args);
  };
}

export async function startApiGateway(
  daemon: Daemon,
  handler: (method: string, args: unknown) => Promise<unknown>,
): Promise<{ gateway: Gateway; url: string }> {
  const gateway = createGateway({
    host: '127.0.0.1',
    port: 0,
    bodyLimit: 64 * 1024,
    sandbox: false,
    store: daemon.store,
    connectors: daemon.connectors,
    metrics: daemon.metrics,
    log: daemon.log,
    clock: systemClock,
    onInbound: () => {},
    appRoute: async () => null,
    health: () => daemon.health(),
    api: roleCheckedApi(handler),
    consoleAuth: testAuth,
  });
  const { url } = await gateway.listen();
  return { gateway, url };
}
