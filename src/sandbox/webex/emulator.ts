/** `startWebexEmulator`: one node:http server playing webexapis.com/v1 plus the sandbox chat page. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen } from '../http-server.ts';
import { actionRoutes } from './actions-api.ts';
import { createActs } from './acts.ts';
import type { EmulatorContext } from './context.ts';
import { createDeliverer } from './deliver.ts';
import { type WebexEmulator, webexFacade } from './facade.ts';
import { createFaultBook } from './faults.ts';
import { sendError } from './http.ts';
import { randomToken } from './ids.ts';
import { messageRoutes } from './messages-api.ts';
import { handlePage, PAGE_API_PREFIX } from './page-api.ts';
import { API_PREFIX, handleApi } from './rest.ts';
import { createState } from './state.ts';
import type { WebexEmulatorOptions } from './types.ts';
import { webhookRoutes } from './webhooks-api.ts';

export async function startWebexEmulator(options: WebexEmulatorOptions = {}): Promise<WebexEmulator> {
  let baseUrl = '';
  const ctx: EmulatorContext = {
    state: createState(options),
    clock: options.clock ?? Date.now,
    botToken: options.botToken ?? randomToken(),
    botIdEncoding: options.botIdEncoding ?? 'canonical',
    disableAfter: options.disableAfter ?? 5,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    faults: createFaultBook(),
    baseUrl: () => baseUrl,
  };
  const deliverer = createDeliverer(ctx);
  const acts = createActs(ctx, deliverer);
  const routes = [
    ...messageRoutes(ctx, deliverer),
    ...webhookRoutes(ctx, deliverer),
    ...actionRoutes(ctx, deliverer),
  ];
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith(API_PREFIX)) return handleApi(ctx, routes, req, res);
    if (url === '/' || url.startsWith(PAGE_API_PREFIX)) return handlePage(ctx, acts, req, res);
    sendError(res, 404, 'The requested resource could not be found.');
  };
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, String(err));
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  baseUrl = await listen(server, host, options.port ?? 0);
  const close = async () => {
    await deliverer.settled();
    await closeServer(server);
  };
  return webexFacade({ ctx, deliverer, acts, close });
}
