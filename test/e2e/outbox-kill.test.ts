import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, Project, until } from '../helpers/cli.ts';

const BURST = `import { defineApp, z } from 'opsbot';
export default defineApp({
  async start(ctx) {
    ctx.route('POST', '/send', async (req) => {
      const { n } = z.object({ n: z.number().int().positive() }).parse(req.body);
      for (let i = 1; i <= n; i++) await ctx.notify('hook', { title: 'burst', text: 'message ' + i });
      return { status: 202, body: { queued: n } };
    });
  },
});
`;

/** A receiver that counts each idempotency key, answering slowly so deliveries are in flight. */
function receiver() {
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      setTimeout(() => {
        seen.set(key, (seen.get(key) ?? 0) + 1);
        res.writeHead(200).end('ok');
      }, 30);
    });
  });
  return { server, seen };
}

describe('outbox across kill -9 of the daemon', () => {
  const project = new Project();
  const { server, seen } = receiver();
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    project.write('burst.ts', BURST);
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'delivery: { lease: 1000, backoff: 100 }',
        'connections:',
        `  hook: { type: webhook, url: "http://127.0.0.1:${port}/in", rateLimit: 600 }`,
        'apps:',
        '  burst: { use: ./burst.ts }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await project.cleanup();
    server.close();
  });

  it('loses nothing: every accepted message is delivered after a restart', async () => {
    const total = 60;
    expect((await project.run('start', '--wait')).code).toBe(0);
    const first = await project.status();
    url = first.url;
    const accepted = await fetch(`${url}/apps/burst/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: total }),
    });
    expect(accepted.status).toBe(202);
    await until('some deliveries', () => seen.size >= 5);
    expect(seen.size).toBeLessThan(total);

    process.kill(first.pid, 'SIGKILL');
    await until('daemon dead', () => !alive(first.pid));
    expect((await project.run('start', '--wait')).code).toBe(0);

    await until('all delivered', () => seen.size === total, 60_000);
    const list = await until(
      'outbox settled',
      async () => {
        const r = await project.run('outbox', 'list', '--json', '--limit', '1000');
        const parsed = JSON.parse(r.stdout) as { depth: Record<string, number> };
        return parsed.depth.pending === 0 && parsed.depth.sending === 0 && parsed;
      },
      30_000,
    );
    expect(list.depth).toEqual({ pending: 0, sending: 0, delivered: total, dead: 0 });
    // At-least-once: a message in flight at the kill may arrive twice (same idempotency key), none zero times.
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    expect([...seen.values()].every((n) => n >= 1)).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(10);
  });
});
