import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { until } from '../helpers/cli.ts';
import { SENDER_APP, TICK_APP } from '../helpers/cluster/apps.ts';
import { Cluster } from '../helpers/cluster/cluster.ts';
import { TestDatabase } from '../helpers/cluster/database.ts';
import { diagnose } from '../helpers/cluster/diagnose.ts';
import { sleep } from '../helpers/cluster/ports.ts';
import { PrivateRedis } from '../helpers/cluster/private-redis.ts';
import { occurrences, outboxIds, outboxSettled, repeated } from '../helpers/cluster/queries.ts';
import { TestScope } from '../helpers/cluster/scope.ts';
import { WebhookSink } from '../helpers/cluster/webhook-sink.ts';

/**
 * Issue 15, point 4: Redis killed and started again empty while messages flow. The outbox table in
 * Postgres is the truth, so the nodes reconnect and deliver every message (also those queued while
 * Redis was down), each under one key; and the schedule keeps firing, once per occurrence.
 */

const PER_NODE = 100;
const DURING = 50;

describe('cluster: Redis restarted mid-run', () => {
  const scope = new TestScope();
  // Stopping three daemons and dropping what they used can outlast the 30 s default.
  afterAll(() => scope.close(), 60_000);

  it('reconnects, delivers every message and keeps the schedule firing', async () => {
    const db = scope.add(await TestDatabase.create());
    const redis = scope.add(await PrivateRedis.create());
    // One answer at a time, 20 ms each (about 7 s for all): deliveries are in flight when Redis goes away.
    const sink = scope.add(await WebhookSink.start({ delayMs: 20, serial: true }));
    const cluster = scope.add(
      Cluster.create({
        store: db.url,
        queue: redis.url,
        files: { 'sender.ts': SENDER_APP, 'tick.ts': TICK_APP },
        lines: [
          // A row claimed by a node that died is taken back after this (default 30 s).
          'delivery: { lease: 3000 }',
          'connections:',
          `  hook: { type: webhook, url: "${sink.url}", rateLimit: 60000 }`,
          'apps:',
          '  sender: { use: ./sender.ts }',
          '  tick: { use: ./tick.ts, schedule: "* * * * * *" }',
        ],
      }),
    );
    onTestFailed(async () =>
      console.error(
        await diagnose({ cluster, db, sink, notes: [`----- redis -----\n${redis.output.slice(-2000)}`] }),
      ),
    );
    await cluster.startAll();
    await until('the schedule firing', async () => (await occurrences(db, 'tick')).fires.size >= 2, 15_000);

    const queued = await Promise.all(
      cluster.nodes.map((node, i) =>
        node.cli('do', 'sender', 'send', '--set', `from=${i * PER_NODE}`, '--set', `count=${PER_NODE}`),
      ),
    );
    for (const r of queued) expect(r.code, r.stderr).toBe(0);
    await until('deliveries flowing', () => sink.keys().size >= 30, 20_000);
    await redis.kill();
    const atKill = sink.keys().size;
    // Queued while Redis is down: the outbox row is written; the queue catches up once it is back.
    const during = cluster.nodes[0]!.cli(
      'do',
      'sender',
      'send',
      '--set',
      'prefix=down',
      '--set',
      `count=${DURING}`,
    );
    await sleep(2000);
    await redis.start();
    const restartedAt = Date.now();
    expect((await during).code, (await during).stderr).toBe(0);

    const texts = [
      ...Array.from({ length: 3 * PER_NODE }, (_, i) => `m-${i}`),
      ...Array.from({ length: DURING }, (_, i) => `down-${i}`),
    ];
    await sink.waitFor(texts, 40_000);
    const depth = await outboxSettled(db, texts.length, 20_000);
    expect(depth).toEqual({ pending: 0, sending: 0, delivered: texts.length, dead: 0 });
    const twoKeys = [...sink.byText()].filter(([, keys]) => keys.size !== 1);
    expect(twoKeys, 'messages that arrived under more than one key (queued twice)').toEqual([]);
    expect([...sink.keys()].sort()).toEqual([...(await outboxIds(db))].sort());

    const fresh = await until(
      'occurrences fired after the restart',
      async () => {
        const seen = await occurrences(db, 'tick');
        const after = [...seen.fires.keys()].filter((t) => t >= restartedAt + 2000);
        return after.length >= 3 && seen;
      },
      20_000,
    );
    expect(repeated(fresh.fires), 'occurrences claimed twice').toEqual([]);
    expect(repeated(fresh.runs), 'occurrences run twice').toEqual([]);
    console.info(
      `cluster-redis-restart: ${atKill} delivered when Redis was killed; ${texts.length} messages, ${sink.arrivals.length} arrivals ` +
        `(${sink.arrivals.length - sink.keys().size} repeated with the same key)`,
    );
  }, 90_000);
});
