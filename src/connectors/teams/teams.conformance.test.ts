import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../platform/clock.ts';
import type { Store } from '../../platform/store/types.ts';
import { startTeamsSink } from '../../sandbox/teams/index.ts';
import type { TeamsSink } from '../../sandbox/teams/types.ts';
import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { captureLog } from '../testing/log-capture.ts';
import { teamsConnector } from './index.ts';

/**
 * Against the Teams Workflows sink, through a small relay in front of it: the relay passes each
 * request on unchanged, except when a case asks it to spoil the next one's signature (the flow
 * refuses it, 401) or to answer as a careless gateway that quotes the request URL, signature and all.
 */

type Mode = 'pass' | 'forge' | 'echo';

interface Relay {
  base: string;
  next: Mode[];
  close(): Promise<void>;
}

async function startRelay(sink: TeamsSink): Promise<Relay> {
  const target = new URL(sink.url).origin;
  const next: Mode[] = [];
  const server: Server = createServer((req, res) => void relay(req, res, next.shift() ?? 'pass'));
  async function relay(req: IncomingMessage, res: ServerResponse, mode: Mode): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (mode === 'echo') {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bad gateway while calling ${target}${req.url}`);
      return;
    }
    const url = new URL(req.url ?? '/', target);
    if (mode === 'forge') url.searchParams.set('sig', 'not-the-signature');
    const answer = await fetch(url, {
      method: req.method ?? 'POST',
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
      body: Buffer.concat(chunks),
    });
    const headers: Record<string, string> = {};
    const retryAfter = answer.headers.get('retry-after');
    if (retryAfter) headers['retry-after'] = retryAfter;
    res.writeHead(answer.status, headers);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

connectorConformance('teams', { http: true, inbound: false }, async (): Promise<ConformanceTarget> => {
  const sink = await startTeamsSink();
  const relay = await startRelay(sink);
  const url = new URL(sink.url);
  const { log, lines: logs } = captureLog();
  const connector = teamsConnector.create({
    name: 'teams',
    options: { url: `${relay.base}${url.pathname}${url.search}` },
    store: {} as Store,
    log,
    clock: new FakeClock(),
  });
  return {
    connector,
    destination: '',
    landed: async () => sink.cards.map((c) => JSON.stringify(c.card)),
    secrets: [url.searchParams.get('sig')!],
    logs,
    http: {
      rateLimited: (seconds) => sink.failNext(1, 429, seconds),
      serverError: (status) => sink.failNext(1, status),
      echoCredentials: () => relay.next.push('echo'),
    },
    refusal: {
      destination: '',
      status: 401,
      reason: 'teams answered 401: DirectApiInvalidAuthorizationSignature',
      arrange: () => relay.next.push('forge'),
    },
    close: async () => {
      await relay.close();
      await sink.close();
    },
  };
});
