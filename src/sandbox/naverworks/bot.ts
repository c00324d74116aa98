/** Bot messaging and rooms: `/v1.0/bots/{botId}/users|channels/...`. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireScope } from './auth.ts';
import { validateMessageBody } from './content.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import { restError } from './replies.ts';
import { randomId } from './state.ts';
import type { WorksBotConfig } from './types.ts';
import { InvalidParameter, isObj } from './validate.ts';

const SEND_SCOPES = ['bot', 'bot.message'] as const;
const READ_SCOPES = ['bot', 'bot.message', 'bot.read'] as const;

type Params = Record<string, string>;

export function findBot(
  ctx: EmulatorContext,
  req: FastifyRequest,
  reply: FastifyReply,
): WorksBotConfig | null {
  const bot = ctx.bots.get((req.params as Params)['botId'] ?? '');
  if (!bot) restError(reply, 404, 'NOT_FOUND', 'bot not found');
  return bot ?? null;
}

function sendInvalid(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof InvalidParameter) return restError(reply, 400, 'INVALID_PARAMETER', err.message);
  throw err;
}

function record(
  ctx: EmulatorContext,
  reply: FastifyReply,
  botId: string,
  kind: 'user' | 'channel',
  to: string,
  body: unknown,
) {
  let content: Record<string, unknown>;
  try {
    content = validateMessageBody(body);
  } catch (err) {
    return sendInvalid(reply, err);
  }
  ctx.state.messages.push({ id: randomId('msg-'), botId, kind, to, content, receivedAt: ctx.now() });
  // 201 with an empty body: clients must not expect JSON here.
  return reply.code(201).send();
}

export function registerBotRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const base = `${API_PREFIX}/bots/:botId`;

  app.post(`${base}/users/:userId/messages`, async (req, reply) => {
    if (!requireScope(req, reply, SEND_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const userId = (req.params as Params)['userId'] ?? '';
    // Only enforce known users when the test seeded a directory; otherwise any id is a user.
    if (
      ctx.state.users.length > 0 &&
      !ctx.state.users.some((u) => u.userId === userId || u.email === userId)
    ) {
      return restError(reply, 404, 'NOT_FOUND', 'user not found');
    }
    return record(ctx, reply, bot.botId, 'user', userId, req.body);
  });

  app.post(`${base}/channels/:channelId/messages`, async (req, reply) => {
    if (!requireScope(req, reply, SEND_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const channelId = (req.params as Params)['channelId'] ?? '';
    const channel = ctx.state.channels.get(channelId);
    if (!channel || channel.botId !== bot.botId)
      return restError(reply, 404, 'NOT_FOUND', 'channel not found');
    return record(ctx, reply, bot.botId, 'channel', channelId, req.body);
  });

  app.post(`${base}/channels`, async (req, reply) => {
    if (!requireScope(req, reply, SEND_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const body = isObj(req.body) ? req.body : {};
    const members = body['members'];
    if (
      !Array.isArray(members) ||
      members.length < 1 ||
      members.length > 100 ||
      !members.every((m) => typeof m === 'string' && m.length > 0)
    ) {
      return restError(reply, 400, 'INVALID_PARAMETER', 'members: must be 1..100 user ids');
    }
    const title = body['title'];
    if (title !== undefined && (typeof title !== 'string' || [...title].length > 1000)) {
      return restError(reply, 400, 'INVALID_PARAMETER', 'title: must be a string of at most 1000 characters');
    }
    const channelId = randomId('ch-');
    const channel = { channelId, botId: bot.botId, title: title ?? '', members: [...(members as string[])] };
    ctx.state.channels.set(channelId, channel);
    return reply.code(201).send({ channelId, title: channel.title });
  });

  app.get(`${base}/channels/:channelId`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const channel = ctx.state.channels.get((req.params as Params)['channelId'] ?? '');
    if (!channel || channel.botId !== bot.botId)
      return restError(reply, 404, 'NOT_FOUND', 'channel not found');
    return reply.send({
      channelId: channel.channelId,
      title: channel.title,
      domainId: ctx.options.domainId ?? 10000001,
      channelType: { type: channel.members.length === 1 ? 'SINGLE_USER' : 'MULTI_USERS' },
    });
  });

  app.get(`${base}/channels/:channelId/members`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const channel = ctx.state.channels.get((req.params as Params)['channelId'] ?? '');
    if (!channel || channel.botId !== bot.botId)
      return restError(reply, 404, 'NOT_FOUND', 'channel not found');
    try {
      const page = paginate(channel.members, req.query as Record<string, string>, 50);
      return reply.send({ members: page.items, responseMetaData: metaData(page) });
    } catch (err) {
      return sendInvalid(reply, err);
    }
  });
}
