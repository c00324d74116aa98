import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { Cluster } from '../helpers/cluster/cluster.ts';
import { TestDatabase } from '../helpers/cluster/database.ts';
import { PrivateRedis } from '../helpers/cluster/private-redis.ts';
import { TestScope } from '../helpers/cluster/scope.ts';
import { SandboxChat } from '../helpers/sandbox-chat.ts';

/** A chat app with a start(): a singleton in cluster mode, so it runs on one node only. */
const ECHO_APP = `import { defineApp } from 'opsbot';
export default defineApp({
  async start(ctx) {
    ctx.onMessage(async (message) => message.reply('echo: ' + message.text));
  },
});
`;

/**
 * Issue 15, inbound: any node may receive a webhook (behind a load balancer); the event is stored
 * in Postgres before the answer and reaches the app on the node where it runs. Here the message is
 * posted to the node whose copy of the app is in standby, and the reply (sent by the other node)
 * is read back through the first node's sandbox API, which reads the shared store.
 */
describe('cluster: inbound events', () => {
  const scope = new TestScope();
  afterAll(() => scope.close(), 60_000);

  it('an event received by a standby node is handled once, by the node running the app', async () => {
    const db = scope.add(await TestDatabase.create());
    const redis = scope.add(await PrivateRedis.create());
    const cluster = scope.add(
      Cluster.create({
        store: db.url,
        queue: redis.url,
        nodes: 2,
        files: { 'echo.ts': ECHO_APP },
        lines: [
          'connections:',
          '  sandbox: { type: sandbox, secret: e2e-secret }',
          'apps:',
          '  echo: { use: ./echo.ts }',
        ],
      }),
    );
    onTestFailed(() => console.error(cluster.logTail()));
    await cluster.startAll();
    const holder = await cluster.singletonHolder('echo');
    const standby = cluster.nodes.find((n) => n !== holder)!;
    expect(await standby.appState('echo')).toBe('standby');

    const chat = new SandboxChat(standby.url, { secret: 'e2e-secret', channel: 'ops' });
    expect(await chat.say('kim', 'hello')).toEqual(['echo: hello']);
    expect(await chat.say('kim', 'again')).toEqual(['echo: again']);

    // Each event was stored once and handed to the app once, on the holder.
    const rows = await db.query<{ app: string; status: string; node: string | null }>(
      'select app, status, node from inbox_deliveries order by inbox_id',
    );
    expect(rows).toEqual([
      { app: 'echo', status: 'done', node: holder.name },
      { app: 'echo', status: 'done', node: holder.name },
    ]);
    expect(await chat.extra()).toEqual([]);
  }, 90_000);
});
