import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { until } from '../helpers/cli.ts';
import { SENDER_APP } from '../helpers/cluster/apps.ts';
import { Cluster } from '../helpers/cluster/cluster.ts';
import { TestDatabase } from '../helpers/cluster/database.ts';
import { diagnose } from '../helpers/cluster/diagnose.ts';
import { PrivateRedis } from '../helpers/cluster/private-redis.ts';
import { outboxIds, outboxSettled } from '../helpers/cluster/queries.ts';
import { TestScope } from '../helpers/cluster/scope.ts';
import { maxInWindow, WebhookSink } from '../helpers/cluster/webhook-sink.ts';

/**
 * Issue 15, point 4: 600 messages through one webhook connection limited to 120 per minute, queued
 * from all three nodes: the receiver never sees more than 120 in any sliding 60 s window, and every
 * message arrives, once per Idempotency-Key. One node is killed with SIGKILL while the messages
 * drain; a message may then arrive again, but only with its own key and only after the kill.
 * 600 at 120/min takes at least four minutes: the one long cluster test, accepted as such.
 */

const TOTAL = 600;
const LIMIT = 120;
const PER_NODE = TOTAL / 3;

describe('cluster: one rate limit for a connection across three nodes', () => {
  const scope = new TestScope();
  // Stopping three daemons and dropping what they used can outlast the 30 s default.
  afterAll(() => scope.close(), 60_000);

  it('delivers 600 messages, at most 120 in any 60 s, each once (repeats only after a kill)', async () => {
    const db = scope.add(await TestDatabase.create());
    const redis = scope.add(await PrivateRedis.create());
    const sink = scope.add(await WebhookSink.start());
    const cluster = scope.add(
      Cluster.create({
        store: db.url,
        queue: redis.url,
        files: { 'sender.ts': SENDER_APP },
        lines: [
          'connections:',
          `  hook: { type: webhook, url: "${sink.url}", rateLimit: ${LIMIT} }`,
          'apps:',
          '  sender: { use: ./sender.ts }',
        ],
      }),
    );
    let killedAt = 0;
    onTestFailed(async () => {
      const notes = [`n3 killed at ${killedAt ? new Date(killedAt).toISOString() : '(not yet)'}`];
      console.error(await diagnose({ cluster, db, sink, notes }));
    });
    await cluster.startAll();

    const queued = await Promise.all(
      cluster.nodes.map((node, i) =>
        node.cli('do', 'sender', 'send', '--set', `from=${i * PER_NODE}`, '--set', `count=${PER_NODE}`),
      ),
    );
    for (const r of queued) expect(r.code, r.stderr).toBe(0);

    // Kill a node once the limit has held back the rest of the first minute's messages.
    await until('the first minute delivered', () => sink.keys().size >= LIMIT, 90_000);
    await until('the second minute started', () => sink.keys().size > LIMIT, 90_000);
    const victim = cluster.node('n3');
    killedAt = Date.now();
    await victim.kill();

    const texts = Array.from({ length: TOTAL }, (_, i) => `m-${i}`);
    await sink.waitFor(texts, 330_000);
    const depth = await outboxSettled(db, TOTAL, 30_000);
    expect(depth).toEqual({ pending: 0, sending: 0, delivered: TOTAL, dead: 0 });

    const times = sink.arrivals.map((a) => a.at);
    expect(maxInWindow(times, 60_000), 'arrivals in the busiest 60 s window').toBeLessThanOrEqual(LIMIT);
    const twoKeys = [...sink.byText()].filter(([, keys]) => keys.size !== 1);
    expect(twoKeys, 'messages that arrived under more than one key (queued twice)').toEqual([]);
    expect([...sink.keys()].sort()).toEqual([...(await outboxIds(db))].sort());
    // A key seen again is a delivery redone after the kill (its node died before recording it).
    const firstSeen = new Map<string, number>();
    const repeats: Array<{ key: string; at: number }> = [];
    for (const a of sink.arrivals) {
      if (firstSeen.has(a.key)) repeats.push({ key: a.key, at: a.at - killedAt });
      else firstSeen.set(a.key, a.at);
    }
    expect(
      repeats.filter((r) => r.at < 0),
      'repeats before any node was killed',
    ).toEqual([]);
    console.info(
      `cluster-rate-limit: ${sink.arrivals.length} arrivals, ${repeats.length} repeat(s) after the kill, ` +
        `busiest minute ${maxInWindow(times, 60_000)}, first to last ${((Math.max(...times) - Math.min(...times)) / 1000).toFixed(0)} s`,
    );
  }, 450_000);
});
