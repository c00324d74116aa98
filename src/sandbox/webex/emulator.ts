/** `startWebexEmulator`: one node:http server playing webexapis.com/v1 plus the sandbox chat page. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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

function advertisedHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '') return '127.0.0.1';
  if (bindHost === '::') return '[::1]';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}

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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  baseUrl = `http://${advertisedHost(host)}:${address.port}`;
  const close = async () => {
    await deliverer.settled();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return webexFacade({ ctx, deliverer, acts, close });
}
