import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisOptions } from '../../../src/platform/redis/connection.ts';
import { TestDatabase } from './database.ts';
import { LineClient } from './line-client.ts';
import { accepting, freePort } from './ports.ts';
import { PrivatePostgres } from './private-postgres.ts';
import { PrivateRedis } from './private-redis.ts';
import { TestScope } from './scope.ts';
import { maxInWindow, WebhookSink } from './webhook-sink.ts';

/** The cluster tests' harness itself: the servers it starts, restarts and removes, and its counters. */

/** A stand-in for LISTENER_APP: acknowledges each line; `drop` closes the server and its connections. */
async function ackServer(port: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    let buffer = '';
    socket.on('data', (d: string) => {
      buffer += d;
      for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
        socket.write(`ok ${buffer.slice(0, at)}\n`);
        buffer = buffer.slice(at + 1);
      }
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    drop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('cluster test harness', () => {
  const scope = new TestScope();
  afterAll(() => scope.close());

  it('PrivateRedis restarts empty on the same port', async () => {
    const redis = await PrivateRedis.create();
    const client = new Redis({ ...redisOptions(redis.url), maxRetriesPerRequest: 1 });
    // Refused connections while the server is down are expected, not unhandled errors.
    client.on('error', () => {});
    try {
      await client.set('opsbot:probe', 'x');
      expect(await client.get('opsbot:probe')).toBe('x');
      await redis.kill();
      expect(await accepting(redis.port)).toBe(false);
      await redis.start();
      expect(await client.get('opsbot:probe')).toBeNull();
    } finally {
      client.disconnect();
      await redis.close();
    }
    expect(await accepting(redis.port)).toBe(false);
  });

  it('PrivatePostgres stops and starts with its data; TestDatabase drops its database', async () => {
    const server = scope.add(await PrivatePostgres.create());
    const db = await TestDatabase.create(server.url);
    await db.query('create table kept (n int)');
    await db.query('insert into kept values (7)');
    await server.stop();
    await expect(db.query('select 1')).rejects.toThrow();
    await server.start();
    expect(await db.query('select n from kept')).toEqual([{ n: 7 }]);
    const name = new URL(db.url).pathname.slice(1);
    await db.close();
    const probe = await TestDatabase.create(server.url);
    const rows = await probe.query('select datname from pg_database where datname = $1', [name]);
    await probe.close();
    expect(rows).toEqual([]);
  }, 60_000);

  it('maxInWindow counts the busiest sliding window', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([0, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxInWindow([5000, 0, 10, 20], 1000)).toBe(3);
  });

  it('WebhookSink records key and text of each request', async () => {
    const sink = scope.add(await WebhookSink.start());
    for (const [key, text] of [
      ['k1', 'a'],
      ['k2', 'b'],
      ['k1', 'a'],
    ]) {
      const res = await fetch(sink.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key! },
        body: JSON.stringify({ text }),
      });
      expect(res.status).toBe(200);
    }
    expect([...sink.keys()].sort()).toEqual(['k1', 'k2']);
    expect(sink.has(['a', 'b'])).toBe(true);
    expect(sink.has(['c'])).toBe(false);
    expect([...sink.byText()].map(([t, k]) => [t, [...k]])).toEqual([
      ['a', ['k1']],
      ['b', ['k2']],
    ]);
  });

  it('LineClient resends a line until a listener on the port acknowledges it', async () => {
    const port = await freePort();
    const first = await ackServer(port);
    const client = scope.add(new LineClient(port));
    await client.send('one', Date.now() + 5000);
    await first.drop();
    const sending = client.send('two', Date.now() + 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const second = await ackServer(port);
    await sending;
    await second.drop();
    expect(client.acked).toEqual(['one', 'two']);
    expect(client.connectedAt.length).toBe(2);
  });
});
