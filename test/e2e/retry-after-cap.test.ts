import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, until } from '../helpers/cli.ts';

const SENDER = `import { defineApp } from 'opsbot';
export default defineApp({
  async run(ctx) { await ctx.notify('hook', { text: 'hello' }); },
});
`;

interface Item {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: number;
}

describe('a Retry-After of a day through the real daemon', () => {
  const project = new Project('opsbot-retry-after-');
  let answer = 429;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(answer, answer === 429 ? { 'retry-after': '86400' } : {}).end());
  });
  const items = async (): Promise<Item[]> =>
    (JSON.parse((await project.run('outbox', 'list', '--json')).stdout) as { items: Item[] }).items;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    project.write('sender.ts', SENDER);
    project.write(
      'opsbot.yaml',
      `dataDir: ./data\nhttp: { port: 0 }\nconnections:\n  hook: { type: webhook, url: "http://127.0.0.1:${port}/x", maxRetryAfter: 2m }\napps:\n  sender: { use: ./sender.ts }\n`,
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
  });
  afterAll(async () => {
    await project.cleanup();
    server.close();
  });

  it('waits the connection maxRetryAfter, not a day, and outbox retry sends it now', async () => {
    const before = Date.now();
    expect((await project.run('run', 'sender')).code).toBe(0);
    const [waiting] = await until('the 429 recorded', async () => {
      const l = await items();
      return l[0]?.status === 'pending' && l[0].attempts === 1 && l;
    });
    // Capped at 2 minutes (the item's due time, not 24 h from now).
    expect(waiting!.nextAttemptAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(waiting!.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 120_000);

    answer = 200;
    const retry = await project.run('outbox', 'retry', waiting!.id.slice(0, 8), '--json');
    expect(JSON.parse(retry.stdout)).toEqual({ retried: 1 });
    // Without waking the paused connection this would wait out the 2 minutes.
    await until('delivered', async () => (await items())[0]?.status === 'delivered', 15_000);
  });
});
