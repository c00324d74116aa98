/** Persistent menu: `POST/GET/DELETE /v1.0/bots/{botId}/persistentmenu`, the fixed menu under the input box. */
import type { FastifyInstance } from 'fastify';
import { validateAction } from './actions.ts';
import { requireScope } from './auth.ts';
import { findBot } from './bot.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { restError } from './replies.ts';
import { arr, obj, oneOf } from './validate.ts';

const WRITE_SCOPES = ['bot', 'bot.message'] as const;
const READ_SCOPES = ['bot', 'bot.message', 'bot.read'] as const;
const MAX_ACTIONS = 4;
// Postback and the quick-reply-only types are not offered here by the docs.
const MENU_ACTION_TYPES = ['message', 'uri', 'copy'] as const;

/** Throws InvalidParameter (a 400 via the shared error handler) naming the first bad field. */
function validateMenu(body: unknown): Record<string, unknown>[] {
  const content = obj(obj(body, 'body')['content'], 'content');
  const actions = arr(content, 'actions', 'content', 1, MAX_ACTIONS);
  return actions.map((value, i) => {
    const path = `content.actions[${i}]`;
    const action = obj(value, path);
    oneOf(action, 'type', path, MENU_ACTION_TYPES);
    // Button placement: labels up to 20 characters, as for button templates.
    validateAction(action, path, 'button');
    return action;
  });
}

export function registerMenuRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const path = `${API_PREFIX}/bots/:botId/persistentmenu`;

  app.post(path, async (req, reply) => {
    if (!requireScope(req, reply, WRITE_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const menu = { content: { actions: validateMenu(req.body) } };
    ctx.state.persistentMenus.set(bot.botId, menu);
    return reply.code(201).send(menu);
  });

  app.get(path, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    const menu = ctx.state.persistentMenus.get(bot.botId);
    if (!menu) return restError(reply, 404, 'NOT_FOUND', 'persistent menu not found');
    return reply.send(menu);
  });

  app.delete(path, async (req, reply) => {
    if (!requireScope(req, reply, WRITE_SCOPES)) return reply;
    const bot = findBot(ctx, req, reply);
    if (!bot) return reply;
    if (!ctx.state.persistentMenus.delete(bot.botId)) {
      return restError(reply, 404, 'NOT_FOUND', 'persistent menu not found');
    }
    return reply.code(204).send();
  });
}
