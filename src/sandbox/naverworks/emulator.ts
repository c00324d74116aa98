/** `startWorksEmulator`: one Fastify instance playing both auth.worksmobile.com and www.worksapis.com. */
import Fastify, { type FastifyInstance } from 'fastify';
import { advertisedHost } from '../http-server.ts';
import { registerAttachmentRoutes } from './attachments.ts';
import { authenticate } from './auth.ts';
import { registerBoardRoutes } from './board.ts';
import { registerBotRoutes } from './bot.ts';
import { registerCalendarRoutes } from './calendar.ts';
import { type CallbackEvent, type CallbackOptions, postCallback } from './callbacks.ts';
import { registerChatRoutes } from './chat.ts';
import { registerContactRoutes } from './contacts.ts';
import { API_PREFIX, AUTH_PREFIX, type EmulatorContext } from './context.ts';
import { registerDirectoryRoutes } from './directory.ts';
import { registerDriveRoutes } from './drive.ts';
import { applyFault, createRateLimiter } from './faults.ts';
import { registerGroupRoutes } from './groups.ts';
import { registerMenuRoutes } from './menu.ts';
import { registerOauthRoutes } from './oauth.ts';
import { restError } from './replies.ts';
import { createState, type WorksState } from './state.ts';
import type { FaultSpec, WorksEmulatorOptions } from './types.ts';
import { InvalidParameter } from './validate.ts';

export interface WorksEmulator {
  /** e.g. `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/v1.0` — use as the connector's `apiUrl`. */
  apiUrl: string;
  /** `${url}/oauth2/v2.0` — use as the connector's `authUrl`. */
  authUrl: string;
  state: WorksState;
  inject(fault: FaultSpec): void;
  postCallback(url: string, botId: string, event: CallbackEvent, options?: CallbackOptions): Promise<number>;
  /** Where the chat page (`GET /`) sends this bot's callbacks; undefined clears it. */
  setCallbackUrl(botId: string, url: string | undefined): void;
  close(): Promise<void>;
}

const CHANNEL_CREATE_OPERATION = `POST ${API_PREFIX}/bots/:botId/channels`;

function installParsers(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // Kept as raw bytes: the storage route parses multipart itself and needs exact file bytes.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });
}

function installHooks(app: FastifyInstance, ctx: EmulatorContext): void {
  const limiter = createRateLimiter(ctx);
  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (req, reply) => {
    started.set(req, ctx.now());
    if (applyFault(ctx, req, reply)) return reply;
    if (!req.url.startsWith(`${API_PREFIX}/`)) return;
    if (!authenticate(ctx, req, reply)) return reply;
    if (!limiter.check(req, reply)) return reply;
  });
  app.addHook('onResponse', async (req, reply) => {
    ctx.state.requests.push({
      method: req.method,
      path: req.url.split('?')[0] ?? req.url,
      status: reply.statusCode,
      startedAt: started.get(req) ?? ctx.now(),
      at: ctx.now(),
    });
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof InvalidParameter) return restError(reply, 400, 'INVALID_PARAMETER', err.message);
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    const message = err instanceof Error ? err.message : String(err);
    if (status >= 500) return restError(reply, status, 'INTERNAL_SERVER_ERROR', message);
    return restError(reply, status, 'BAD_REQUEST', message);
  });
  app.setNotFoundHandler((req, reply) =>
    restError(reply, 404, 'NOT_FOUND', `no route ${req.method} ${req.url}`),
  );
}

export async function startWorksEmulator(options: WorksEmulatorOptions): Promise<WorksEmulator> {
  const now = options.now ?? Date.now;
  const rateLimit = options.rateLimit
    ? {
        ...options.rateLimit,
        // Room creation has its own, much lower limit in the docs.
        overrides: { [CHANNEL_CREATE_OPERATION]: 10, ...options.rateLimit.overrides },
      }
    : undefined;
  const effective: WorksEmulatorOptions = { ...options, ...(rateLimit ? { rateLimit } : {}) };
  let baseUrl = '';
  const ctx: EmulatorContext = {
    options: effective,
    state: createState(effective, now),
    clients: new Map(options.clients.map((c) => [c.clientId, c])),
    bots: new Map((options.bots ?? []).map((b) => [b.botId, b])),
    now,
    accessTokenTtl: options.accessTokenTtl ?? 86400,
    baseUrl: () => baseUrl,
  };

  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  installParsers(app);
  installHooks(app, ctx);
  registerOauthRoutes(app, ctx);
  registerBotRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerDirectoryRoutes(app, ctx);
  const chat = registerChatRoutes(app, ctx);
  registerGroupRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerCalendarRoutes(app, ctx);
  registerMenuRoutes(app, ctx);
  registerBoardRoutes(app, ctx);
  registerDriveRoutes(app, ctx);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  baseUrl = `http://${advertisedHost(host)}:${address.port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}${API_PREFIX}`,
    authUrl: `${baseUrl}${AUTH_PREFIX}`,
    state: ctx.state,
    inject(fault) {
      ctx.state.faults.push({ ...fault });
    },
    postCallback: (url, botId, event, cbOptions) => postCallback(ctx, url, botId, event, cbOptions),
    setCallbackUrl: chat.setCallbackUrl,
    close: () => app.close(),
  };
}
