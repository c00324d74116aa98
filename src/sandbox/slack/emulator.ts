/** `startSlackEmulator`: one node:http server playing slack.com/api, the upload host, hooks.slack.com and wss-primary. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen } from '../http-server.ts';
import { createActs } from './acts.ts';
import { CHAT_METHODS } from './chat.ts';
import type { EmulatorContext } from './context.ts';
import { createDeliverer } from './deliver.ts';
import { type SlackEmulator, slackFacade } from './facade.ts';
import { createFaultBook } from './faults.ts';
import { FILE_METHODS, handleUpload, UPLOAD_PREFIX } from './files.ts';
import { sendJson } from './http.ts';
import { randomHex } from './ids.ts';
import { handlePage, PAGE_API_PREFIX } from './page-api.ts';
import { handleResponseUrl, RESPONSE_PREFIX } from './response-url.ts';
import { createSocketHub, SOCKET_PREFIX } from './socket.ts';
import { createState, currentView, dmChannel, findView } from './state.ts';
import type { SlackEmulatorOptions } from './types.ts';
import { VIEW_METHODS } from './views.ts';
import { API_PREFIX, handleApi, type Method } from './web-api.ts';

function createContext(options: SlackEmulatorOptions, baseUrl: () => string): EmulatorContext {
  const clock = options.clock ?? Date.now;
  return {
    state: createState(options, clock),
    clock,
    botToken: options.botToken ?? `xoxb-${Date.now() % 1e10}-${randomHex(6)}-${randomHex(12)}`,
    appToken: options.appToken ?? `xapp-1-A01OPSBOT-${Date.now() % 1e10}-${randomHex(32)}`,
    signingSecret: options.signingSecret ?? randomHex(16),
    requestUrl: options.requestUrl,
    ackTimeoutMs: options.ackTimeoutMs ?? 3000,
    faults: createFaultBook(),
    baseUrl,
  };
}

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  let baseUrl = '';
  const ctx = createContext(options, () => baseUrl);
  const hub = createSocketHub(ctx);
  const deliverer = createDeliverer(ctx, hub);
  const acts = createActs(ctx, deliverer);
  const methods: Record<string, Method> = {
    ...CHAT_METHODS,
    ...VIEW_METHODS,
    ...FILE_METHODS,
    'apps.connections.open': () => ({ url: hub.issueUrl() }),
  };
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith(API_PREFIX)) return handleApi(ctx, methods, req, res);
    if (url.startsWith(UPLOAD_PREFIX)) return handleUpload(ctx, req, res);
    if (url.startsWith(RESPONSE_PREFIX)) return handleResponseUrl(ctx, req, res);
    if (url === '/' || url.startsWith(PAGE_API_PREFIX)) return handlePage(ctx, acts, req, res);
    sendJson(res, 404, { ok: false, error: 'not_found' });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: String(err) });
      else res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith(SOCKET_PREFIX)) hub.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  baseUrl = await listen(server, host, options.port ?? 0);
  const close = async () => {
    await hub.close();
    await closeServer(server);
  };
  return slackFacade({ ctx, hub, deliverer, acts, close, helpers: { currentView, dmChannel, findView } });
}
