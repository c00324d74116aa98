/**
 * `GET /groups` and `GET /orgunits/{orgUnitId}/members`. Either the broad directory scopes or the
 * narrow group/orgunit ones open them, as the scope list in the reference allows both.
 */
import type { FastifyInstance } from 'fastify';
import { requireScope } from './auth.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import { restError } from './replies.ts';
import type { WorksGroup } from './types.ts';

const GROUP_SCOPES = ['directory', 'directory.read', 'group', 'group.read'] as const;
const ORGUNIT_SCOPES = ['directory', 'directory.read', 'orgunit', 'orgunit.read'] as const;

type Query = Record<string, string | undefined>;

function groupToWire(ctx: EmulatorContext, g: WorksGroup) {
  return {
    domainId: ctx.options.domainId ?? 10000001,
    groupId: g.groupId,
    groupName: g.groupName,
    description: g.description ?? '',
    members: (g.members ?? []).map((id) => ({ id, type: 'USER' })),
  };
}

export function registerGroupRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(`${API_PREFIX}/groups`, async (req, reply) => {
    if (!requireScope(req, reply, GROUP_SCOPES)) return reply;
    const page = paginate(ctx.state.groups, req.query as Query, 100);
    return reply.send({
      groups: page.items.map((g) => groupToWire(ctx, g)),
      responseMetaData: metaData(page),
    });
  });

  app.get(`${API_PREFIX}/orgunits/:orgUnitId/members`, async (req, reply) => {
    if (!requireScope(req, reply, ORGUNIT_SCOPES)) return reply;
    const id = (req.params as Query)['orgUnitId'] ?? '';
    const unit = ctx.state.orgUnits.find((o) => o.orgUnitId === id);
    if (!unit) return restError(reply, 404, 'NOT_FOUND', 'org unit not found');
    const page = paginate(unit.members, req.query as Query, 100);
    return reply.send({
      members: page.items.map((m) => ({
        userId: m.userId,
        isManager: m.isManager ?? false,
        visible: true,
        useTeamFeature: false,
      })),
      responseMetaData: metaData(page),
    });
  });
}
