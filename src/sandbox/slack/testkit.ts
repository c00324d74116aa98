/** Test-only helpers: a tiny app hook that records what "Slack" sent and answers as told. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { slackSignature } from './signing.ts';

export interface HookRequest {
  headers: IncomingHttpHeaders;
  raw: string;
  /** Form fields, or the parsed `payload` field / JSON body. */
  fields: Record<string, string>;
  json: Record<string, unknown> | undefined;
  /** Whether the v0 signature matches `secret` over the raw bytes. */
  signed: boolean;
}

export interface HookAnswer {
  status?: number;
  body?: string;
  type?: string;
}

export interface Hook {
  url: string;
  requests: HookRequest[];
  close(): Promise<void>;
}

function parse(raw: string, type: string): Pick<HookRequest, 'fields' | 'json'> {
  if (type.startsWith('application/json'))
    return { fields: {}, json: JSON.parse(raw) as Record<string, unknown> };
  const fields = Object.fromEntries(new URLSearchParams(raw));
  const json = fields['payload'] ? (JSON.parse(fields['payload']) as Record<string, unknown>) : undefined;
  return { fields, json };
}

export async function startHook(
  secret: string,
  answer: (req: HookRequest) => HookAnswer | Promise<HookAnswer> = () => ({}),
): Promise<Hook> {
  const requests: HookRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-slack-request-timestamp'] ?? '');
      const signed = req.headers['x-slack-signature'] === slackSignature(secret, ts, raw);
      const entry = { headers: req.headers, raw, signed, ...parse(raw, req.headers['content-type'] ?? '') };
      requests.push(entry);
      const a = await answer(entry);
      res.writeHead(a.status ?? 200, a.body ? { 'content-type': a.type ?? 'application/json' } : {});
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/slack`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 11, 5, 0, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
