/** Bearer check for `/v1.0/*` and scope checks for individual operations. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.ts';
import { restError } from './replies.ts';
import type { AccessTokenRecord } from './types.ts';

// A WeakMap instead of a Fastify request decoration keeps the emulator from augmenting Fastify's
// global types for the rest of the project.
const tokens = new WeakMap<FastifyRequest, AccessTokenRecord>();

export function tokenOf(req: FastifyRequest): AccessTokenRecord | undefined {
  return tokens.get(req);
}

/** Returns true when the request may continue; otherwise the 401 has been sent. */
export function authenticate(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) {
    restError(reply, 401, 'UNAUTHORIZED', 'missing Bearer token');
    return false;
  }
  const rec = ctx.state.accessTokens.get(match[1]!);
  if (!rec) {
    restError(reply, 401, 'UNAUTHORIZED', 'unknown access token');
    return false;
  }
  if (rec.expiresAt <= ctx.now()) {
    restError(reply, 401, 'UNAUTHORIZED', 'access token expired');
    return false;
  }
  tokens.set(req, rec);
  return true;
}

/** 403 FORBIDDEN unless the token carries one of `anyOf`, which is how the API treats missing scopes. */
export function requireScope(req: FastifyRequest, reply: FastifyReply, anyOf: readonly string[]): boolean {
  const rec = tokens.get(req);
  if (rec && anyOf.some((s) => rec.scopes.includes(s))) return true;
  restError(reply, 403, 'FORBIDDEN', `requires one of scopes: ${anyOf.join(', ')}`);
  return false;
}
