import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, until } from '../helpers/cli.ts';

const SENDER = `import { defineApp } from 'opsbot';
export default defineApp({
  async run(ctx) {
    await ctx.notify('hook', { title: 'nightly', text: 'report ready', severity: 'info' });
  },
});
`;

interface ListJson {
  depth: Record<string, number>;
  items: Array<{
    id: string;
    status: string;
    attempts: number;
    lastError: string | null;
    connection: string;
  }>;
}

describe('opsbot outbox list | retry | purge', () => {
  const project = new Project('opsbot-outbox-');
  let status = 400;
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (status === 200) received.push(body);
      res
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status === 200 ? 'ok' : 'bad request: no such room');
    });
  });

  const list = async (...args: string[]): Promise<ListJson> => {
    const r = await project.run('outbox', 'list', '--json', ...args);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ListJson;
  };

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    project.write('sender.ts', SENDER);
    project.write(
      'opsbot.yaml',
      `dataDir: ./data\nhttp: { port: 0 }\nconnections:\n  hook: { type: webhook, url: "http://127.0.0.1:${port}/x" }\napps:\n  sender: { use: ./sender.ts }\n`,
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
  });
  afterAll(async () => {
    await project.cleanup();
    server.close();
  });

  it('a permanent failure goes dead; retry delivers it once the receiver is fixed; purge clears it', async () => {
    expect((await project.run('run', 'sender')).code).toBe(0);
    const dead = await until('a dead item', async () => {
      const l = await list('--status', 'dead');
      return l.items.length === 1 && l;
    });
    expect(dead.items[0]).toMatchObject({ status: 'dead', attempts: 1, connection: 'hook' });
    expect(dead.items[0]?.lastError).toContain('400');

    const table = await project.run('outbox', 'list');
    expect(table.stdout).toContain('dead');
    expect(table.stdout).toContain(dead.items[0]!.id.slice(0, 8));

    expect((await project.run('outbox', 'retry')).code).toBe(2);
    expect((await project.run('outbox', 'list', '--status', 'lost')).code).toBe(2);

    status = 200;
    const retry = await project.run('outbox', 'retry', dead.items[0]!.id.slice(0, 8), '--json');
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.stdout)).toEqual({ retried: 1 });
    await until('delivered', async () => (await list()).depth.delivered === 1);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toEqual({ title: 'nightly', text: 'report ready', severity: 'info' });

    expect((await project.run('outbox', 'purge')).code).toBe(2);
    const purge = await project.run('outbox', 'purge', '--delivered', '--json');
    expect(JSON.parse(purge.stdout)).toEqual({ delivered: 1, dead: 0 });
    expect((await list()).depth).toEqual({ pending: 0, sending: 0, delivered: 0, dead: 0 });
  });
});
