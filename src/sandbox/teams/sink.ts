/** `startTeamsSink`: one node:http server playing Power Automate Workflows trigger URLs, plus its page. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen } from '../http-server.ts';
import { CSP, renderPage } from './page.ts';
import { handleTrigger, INVOKE, newSignature, type TriggerState } from './trigger.ts';
import type { TeamsSink, TeamsSinkOptions } from './types.ts';

/** The page shows what apps reported, and has no login: this machine only. */
function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-security-policy': CSP });
  res.end(body);
}

export async function startTeamsSink(options: TeamsSinkOptions = {}): Promise<TeamsSink> {
  const state: TriggerState = { workflows: new Map(), cards: [], failedRuns: [], faults: [], requests: 0 };
  let origin = '';
  const urlFor = (workflow: string): string => {
    let sig = state.workflows.get(workflow);
    if (sig === undefined) {
      sig = newSignature();
      state.workflows.set(workflow, sig);
    }
    const path = `/workflows/${encodeURIComponent(workflow)}/triggers/manual/paths/invoke`;
    return `${origin}${path}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
  };
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const invoke = INVOKE.exec(url.pathname);
    if (invoke) return handleTrigger(state, decodeURIComponent(invoke[1]!), req, res, url);
    if (url.pathname !== '/' && url.pathname !== '/api/cards') {
      return send(
        res,
        404,
        'application/json',
        JSON.stringify({ error: { code: 'NotFound', message: 'No such route.' } }),
      );
    }
    if (!fromLoopback(req))
      return send(res, 403, 'text/plain', 'The sandbox page answers this machine only.');
    if (url.pathname === '/')
      return send(res, 200, 'text/html', renderPage(state.cards, state.failedRuns, urlFor('ops')));
    send(res, 200, 'application/json', JSON.stringify({ cards: state.cards, failedRuns: state.failedRuns }));
  };
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(err));
      else res.end();
    });
  });
  origin = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url: urlFor('ops'),
    urlFor,
    pageUrl: `${origin}/`,
    cards: state.cards,
    failedRuns: state.failedRuns,
    get requests() {
      return state.requests;
    },
    failNext(count, status, retryAfterSeconds) {
      for (let i = 0; i < count; i++) state.faults.push({ status, retryAfterSeconds });
    },
    close: () => closeServer(server),
  };
}
