/** Test-only helpers: a tiny app hook recording what "Webex" sent, and an authorized fetch. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { webexSignature } from './signing.ts';

export interface HookRequest {
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, unknown>;
  /** Whether `X-Spark-Signature` matches HMAC-SHA1(secret, raw bytes). */
  signed: boolean;
}

export interface Hook {
  url: string;
  requests: HookRequest[];
  /** Resolves once `count` requests arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHook(
  secret: string,
  answer: (req: HookRequest) => number | Promise<number> = () => 200,
): Promise<Hook> {
  const requests: HookRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signed = req.headers['x-spark-signature'] === webexSignature(secret, raw);
      const entry = { headers: req.headers, raw, json: JSON.parse(raw) as Record<string, unknown>, signed };
      requests.push(entry);
      for (const w of waiters.filter((x) => requests.length >= x.count)) w.resolve();
      res.writeHead(await answer(entry));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/webex`,
    requests,
    waitFor: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `fetch` against the emulator's `/v1` with the bot token (or `token`), JSON in and out. */
export function apiClient(apiUrl: string, botToken: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    token: string | null = botToken,
  ): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> => {
    const headers: Record<string, string> = {};
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: res.headers,
    };
  };
}

export function card(version = '1.3', body: unknown[] = [{ type: 'TextBlock', text: 'hi' }]) {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: { type: 'AdaptiveCard', version, body, actions: [{ type: 'Action.Submit', title: 'OK' }] },
  };
}
