/** Directory subset: `GET /users` (paged) and `GET /users/{userId|email}` from the seeded users. */
import type { FastifyInstance } from 'fastify';
import { requireScope } from './auth.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import { restError } from './replies.ts';
import type { WorksUser } from './types.ts';

const READ_SCOPES = ['user', 'user.read', 'directory', 'directory.read'] as const;

function toWire(ctx: EmulatorContext, u: WorksUser) {
  return {
    domainId: ctx.options.domainId ?? 10000001,
    userId: u.userId,
    email: u.email,
    userName: { lastName: u.lastName ?? '', firstName: u.firstName ?? '' },
    ...(u.cellPhone === undefined ? {} : { cellPhone: u.cellPhone }),
    isAdministrator: false,
    isPending: false,
    isSuspended: false,
    isDeleted: false,
  };
}

export function registerDirectoryRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(`${API_PREFIX}/users`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    // InvalidParameter from paginate becomes a 400 in the shared error handler.
    const page = paginate(ctx.state.users, req.query as Record<string, string>, 100);
    return reply.send({ users: page.items.map((u) => toWire(ctx, u)), responseMetaData: metaData(page) });
  });

  app.get(`${API_PREFIX}/users/:userId`, async (req, reply) => {
    if (!requireScope(req, reply, [...READ_SCOPES, 'user.profile.read'])) return reply;
    const id = (req.params as Record<string, string>)['userId'] ?? '';
    if (id === 'me')
      return restError(reply, 400, 'INVALID_PARAMETER', 'userId: `me` needs a user-account token');
    // Mail addresses are case-insensitive, so `Kim@Example.com` finds `kim@example.com`.
    const user = ctx.state.users.find((u) => u.userId === id || u.email.toLowerCase() === id.toLowerCase());
    if (!user) return restError(reply, 404, 'NOT_FOUND', 'user not found');
    return reply.send(toWire(ctx, user));
  });
}
