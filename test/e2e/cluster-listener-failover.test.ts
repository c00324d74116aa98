import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { LISTENER_APP } from '../helpers/cluster/apps.ts';
import { Cluster } from '../helpers/cluster/cluster.ts';
import { TestDatabase } from '../helpers/cluster/database.ts';
import { diagnose } from '../helpers/cluster/diagnose.ts';
import { LineClient } from '../helpers/cluster/line-client.ts';
import { accepting, freePort } from '../helpers/cluster/ports.ts';
import { PrivateRedis } from '../helpers/cluster/private-redis.ts';
import { outboxSettled } from '../helpers/cluster/queries.ts';
import { TestScope } from '../helpers/cluster/scope.ts';
import { WebhookSink } from '../helpers/cluster/webhook-sink.ts';

/**
 * Issue 15, point 4: a listener app (a singleton, it has a start) configured on three nodes with
 * one port runs only on the lease holder, the others wait as `standby`. kill -9 of the holder: a
 * survivor binds the port within lease.ttl + 5 s, the client reconnects and is acknowledged
 * again, and every line the listener acknowledged (after ctx.notify resolved) reaches the receiver.
 */

const TTL_MS = 5000;
const BEFORE = 10;
const AFTER = 10;

describe('cluster: listener failover', () => {
  const scope = new TestScope();
  // Stopping three daemons and dropping what they used can outlast the 30 s default.
  afterAll(() => scope.close(), 60_000);

  it('moves the listener to a survivor within ttl + 5 s of kill -9, losing nothing acknowledged', async () => {
    const db = scope.add(await TestDatabase.create());
    const redis = scope.add(await PrivateRedis.create());
    const sink = scope.add(await WebhookSink.start());
    const port = await freePort();
    const cluster = scope.add(
      Cluster.create({
        store: db.url,
        queue: redis.url,
        leaseTtl: `${TTL_MS / 1000}s`,
        files: { 'listener.ts': LISTENER_APP },
        lines: [
          // A row claimed by a node that died is taken back after this (default 30 s).
          'delivery: { lease: 3000 }',
          'connections:',
          `  hook: { type: webhook, url: "${sink.url}", rateLimit: 60000 }`,
          'apps:',
          `  listener: { use: ./listener.ts, with: { port: ${port} } }`,
        ],
      }),
    );
    const t0 = Date.now();
    const marks: string[] = [];
    const mark = (what: string) => marks.push(`${what} +${((Date.now() - t0) / 1000).toFixed(1)} s`);
    onTestFailed(async () => console.error(await diagnose({ cluster, db, sink, notes: marks })));
    await cluster.startAll();
    mark('started');

    const holder = await cluster.singletonHolder('listener');
    mark('holder');
    const leases = await cluster.nodes.find((n) => n !== holder)!.clusterLeases();
    const lease = leases.find((l) => l.name === 'app:listener');
    expect(lease, JSON.stringify(leases)).toMatchObject({ holder: holder.name });
    expect(await accepting(port)).toBe(true);

    const client = scope.add(new LineClient(port));
    for (let i = 0; i < BEFORE; i++) await client.send(`line-${i}`, Date.now() + 10_000);

    mark('acked before');
    const killedAt = Date.now();
    await holder.kill();
    for (let i = BEFORE; i < BEFORE + AFTER; i++) await client.send(`line-${i}`, killedAt + 30_000);
    mark('acked after');
    const reboundAt = client.connectedAt.find((t) => t > killedAt)!;
    expect(reboundAt - killedAt, 'ms from kill -9 to the listener accepting again').toBeLessThanOrEqual(
      TTL_MS + 5000,
    );

    const successor = await cluster.singletonHolder('listener');
    expect(successor.name).not.toBe(holder.name);
    const after = (await successor.status()).cluster.leases.find((l) => l.name === 'app:listener');
    expect(after?.holder).toBe(successor.name);
    expect(after!.epoch).toBeGreaterThan(lease!.epoch);

    mark('successor');
    await sink.waitFor(client.acked, 40_000);
    mark('received');
    const rows = Number((await db.query<{ n: string }>('select count(*) as n from outbox'))[0]!.n);
    const depth = await outboxSettled(db, rows, 20_000);
    expect(depth.dead).toBe(0);
    console.info(
      `cluster-listener-failover: ${holder.name} killed, ${successor.name} accepting after ${reboundAt - killedAt} ms; ` +
        `${client.acked.length} lines acknowledged, ${rows} queued; ${marks.join(', ')}`,
    );
  }, 90_000);
});
