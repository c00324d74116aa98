import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { alive, until } from '../helpers/cli.ts';
import { SENDER_APP } from '../helpers/cluster/apps.ts';
import { Cluster } from '../helpers/cluster/cluster.ts';
import type { ClusterNode } from '../helpers/cluster/cluster-node.ts';
import { TestDatabase } from '../helpers/cluster/database.ts';
import { diagnose } from '../helpers/cluster/diagnose.ts';
import { PrivatePostgres } from '../helpers/cluster/private-postgres.ts';
import { PrivateRedis } from '../helpers/cluster/private-redis.ts';
import { outboxIds, outboxSettled } from '../helpers/cluster/queries.ts';
import { TestScope } from '../helpers/cluster/scope.ts';
import { WebhookSink } from '../helpers/cluster/webhook-sink.ts';

/**
 * Issue 15, point 4: the cluster's Postgres (a private server, so it can be stopped) goes down
 * while messages are being delivered: every node reports unhealthy (/healthz 503), and once the
 * server is back every node is healthy again, without a restart, and the messages queued before
 * the stop are all delivered.
 */

const PER_NODE = 40;

/** Waits until every node's /healthz answers `code`; the error says what each answered last (0: nothing). */
async function allHealth(nodes: ClusterNode[], code: number, timeoutMs: number): Promise<number[]> {
  let codes: number[] = [];
  try {
    return await until(
      `every node answering ${code} on /healthz`,
      async () => {
        codes = await Promise.all(nodes.map((n) => n.health()));
        return codes.every((c) => c === code) && codes;
      },
      timeoutMs,
    );
  } catch {
    const answers = nodes.map(
      (n) => `${n.name} ${codes[nodes.indexOf(n)]}${n.running ? '' : ' (daemon dead)'}`,
    );
    throw new Error(
      `not every node answered ${code} on /healthz within ${timeoutMs} ms: ${answers.join(', ')}`,
    );
  }
}

describe('cluster: Postgres restarted mid-run', () => {
  const scope = new TestScope();
  // Stopping three daemons and dropping what they used can outlast the 30 s default.
  afterAll(() => scope.close(), 60_000);

  it('reports unhealthy while Postgres is down, then recovers and delivers everything', async () => {
    const server = scope.add(await PrivatePostgres.create());
    const db = scope.add(await TestDatabase.create(server.url));
    const redis = scope.add(await PrivateRedis.create());
    // One answer at a time, 100 ms each: deliveries are still going on when Postgres stops.
    const sink = scope.add(await WebhookSink.start({ delayMs: 100, serial: true }));
    const cluster = scope.add(
      Cluster.create({
        store: db.url,
        queue: redis.url,
        files: { 'sender.ts': SENDER_APP },
        lines: [
          // A row claimed by a node that died is taken back after this (default 30 s).
          'delivery: { lease: 3000 }',
          'connections:',
          `  hook: { type: webhook, url: "${sink.url}", rateLimit: 60000 }`,
          'apps:',
          '  sender: { use: ./sender.ts }',
        ],
      }),
    );
    onTestFailed(async () =>
      console.error(
        await diagnose({ cluster, db, sink, notes: [`----- postgres -----\n${server.log().slice(-2000)}`] }),
      ),
    );
    await cluster.startAll();

    const queued = await Promise.all(
      cluster.nodes.map((node, i) =>
        node.cli('do', 'sender', 'send', '--set', `from=${i * PER_NODE}`, '--set', `count=${PER_NODE}`),
      ),
    );
    for (const r of queued) expect(r.code, r.stderr).toBe(0);
    await until('deliveries flowing', () => sink.arrivals.length >= 10, 20_000);
    const pids = cluster.nodes.map((n) => n.pid);
    expect(await Promise.all(cluster.nodes.map((n) => n.health()))).toEqual([200, 200, 200]);

    await server.stop();
    const stoppedAt = Date.now();
    const down = await allHealth(cluster.nodes, 503, 15_000);
    expect(down).toEqual([503, 503, 503]);
    const unhealthyAfter = Date.now() - stoppedAt;

    await server.start();
    const startedAt = Date.now();
    await allHealth(cluster.nodes, 200, 30_000);
    const healthyAfter = Date.now() - startedAt;
    expect(cluster.nodes.map((n) => n.pid)).toEqual(pids);
    for (const pid of pids) expect(alive(pid)).toBe(true);

    const texts = Array.from({ length: 3 * PER_NODE }, (_, i) => `m-${i}`);
    await sink.waitFor(texts, 40_000);
    const depth = await outboxSettled(db, texts.length, 20_000);
    expect(depth).toEqual({ pending: 0, sending: 0, delivered: texts.length, dead: 0 });
    const twoKeys = [...sink.byText()].filter(([, keys]) => keys.size !== 1);
    expect(twoKeys, 'messages that arrived under more than one key (queued twice)').toEqual([]);
    expect([...sink.keys()].sort()).toEqual([...(await outboxIds(db))].sort());
    console.info(
      `cluster-postgres-restart: all nodes 503 ${unhealthyAfter} ms after the stop, 200 ${healthyAfter} ms after the start; ` +
        `${texts.length} messages, ${sink.arrivals.length} arrivals`,
    );
  }, 90_000);
});
