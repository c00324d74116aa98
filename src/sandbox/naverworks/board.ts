/** Board: list boards, write a post (201), list and read posts. Service-account tokens may use it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireScope, tokenOf } from './auth.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import { restError } from './replies.ts';
import { randomId } from './state.ts';
import type { BoardRecord, PostRecord } from './types.ts';
import { InvalidParameter, type Obj, obj, str } from './validate.ts';

const READ_SCOPES = ['board', 'board.read'] as const;
const WRITE_SCOPES = ['board'] as const;
const TITLE_MAX = 200;
const BODY_MAX = 716_800;
const MUST_READ_MAX_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_COUNT = 20;

type Params = Record<string, string>;

function findBoard(ctx: EmulatorContext, req: FastifyRequest, reply: FastifyReply): BoardRecord | null {
  const board = ctx.state.boards.get((req.params as Params)['boardId'] ?? '');
  if (!board) restError(reply, 404, 'NOT_FOUND', 'board not found');
  return board ?? null;
}

function optionalBoolean(o: Obj, key: string): boolean | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== 'boolean') throw new InvalidParameter(key, 'must be a boolean');
  return v;
}

/** `YYYY-MM-DD`, from today up to 30 days ahead (UTC days on the emulator clock). */
function mustReadEndDate(o: Obj, now: number): string | undefined {
  const v = o['mustReadEndDate'];
  if (v === undefined) return undefined;
  const at =
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== v) {
    throw new InvalidParameter('mustReadEndDate', 'must be a date YYYY-MM-DD');
  }
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  if (at < today || at > today + MUST_READ_MAX_DAYS * DAY_MS) {
    throw new InvalidParameter('mustReadEndDate', `must be within ${MUST_READ_MAX_DAYS} days from today`);
  }
  return v;
}

function validatePost(body: unknown, now: number) {
  const b = obj(body, 'body');
  str(b, 'title', 'post', { max: TITLE_MAX });
  str(b, 'body', 'post', { max: BODY_MAX });
  // HTML is allowed in a post body, scripts are not.
  if (/<script\b/i.test(b['body'] as string))
    throw new InvalidParameter('post.body', 'must not contain script');
  const enableComment = optionalBoolean(b, 'enableComment');
  const sendNotifications = optionalBoolean(b, 'sendNotifications');
  const endDate = mustReadEndDate(b, now);
  return {
    title: b['title'] as string,
    body: b['body'] as string,
    enableComment: enableComment ?? true,
    sendNotifications: sendNotifications ?? true,
    ...(endDate === undefined ? {} : { mustReadEndDate: endDate }),
  };
}

function authorOf(ctx: EmulatorContext, req: FastifyRequest): { userId?: string; userName: string } {
  const token = tokenOf(req);
  if (!token?.userId) return { userName: `[SERVICE] ${token?.clientId ?? 'app'}` };
  const user = ctx.state.users.find((u) => u.userId === token.userId);
  const name = user ? `${user.lastName ?? ''}${user.firstName ?? ''}` : '';
  return { userId: token.userId, userName: name || token.userId };
}

function toWire(p: PostRecord, withBody: boolean) {
  const time = new Date(p.createdAt).toISOString();
  return {
    boardId: p.boardId,
    postId: p.postId,
    title: p.title,
    ...(withBody ? { body: p.body } : {}),
    readCount: 0,
    commentCount: 0,
    fileCount: 0,
    enableComment: p.enableComment,
    isMustRead: p.mustReadEndDate !== undefined,
    ...(p.mustReadEndDate === undefined ? {} : { mustReadEndDate: p.mustReadEndDate }),
    createdTime: time,
    modifiedTime: time,
    ...(p.userId === undefined ? {} : { userId: p.userId }),
    userName: p.userName,
  };
}

export function registerBoardRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(`${API_PREFIX}/boards`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const page = paginate([...ctx.state.boards.values()], req.query as Params, DEFAULT_COUNT);
    return reply.send({ boards: page.items, responseMetaData: metaData(page) });
  });

  app.post(`${API_PREFIX}/boards/:boardId/posts`, async (req, reply) => {
    if (!requireScope(req, reply, WRITE_SCOPES)) return reply;
    const board = findBoard(ctx, req, reply);
    if (!board) return reply;
    const post: PostRecord = {
      boardId: board.boardId,
      postId: randomId('post-'),
      ...validatePost(req.body, ctx.now()),
      ...authorOf(ctx, req),
      createdAt: ctx.now(),
    };
    ctx.state.posts.push(post);
    return reply.code(201).send(toWire(post, true));
  });

  app.get(`${API_PREFIX}/boards/:boardId/posts`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const board = findBoard(ctx, req, reply);
    if (!board) return reply;
    // Newest first, as the board UI lists them.
    const posts = ctx.state.posts.filter((p) => p.boardId === board.boardId).reverse();
    const page = paginate(posts, req.query as Params, DEFAULT_COUNT);
    return reply.send({ posts: page.items.map((p) => toWire(p, false)), responseMetaData: metaData(page) });
  });

  app.get(`${API_PREFIX}/boards/:boardId/posts/:postId`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const board = findBoard(ctx, req, reply);
    if (!board) return reply;
    const postId = (req.params as Params)['postId'];
    const post = ctx.state.posts.find((p) => p.boardId === board.boardId && p.postId === postId);
    if (!post) return restError(reply, 404, 'NOT_FOUND', 'post not found');
    return reply.send(toWire(post, true));
  });
}
