import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig, loadConfig } from './load.ts';
import { configFiles } from './test-helpers.ts';

const files = configFiles();
afterAll(() => files.cleanup());

describe('cluster keys (queue, node, lease, singleton)', () => {
  it('reads a cluster config: Postgres store, Redis queue, node name, lease ttl, per-app singleton', async () => {
    const file = await files.write(
      [
        'store: postgres://opsbot@db.internal:5432/opsbot',
        'queue: redis://redis.internal:6379/2',
        'node: { name: bot-1 }',
        'lease: { ttl: 20s }',
        'apps:',
        '  relay: { use: builtin:market-alert, singleton: false }',
      ].join('\n'),
    );
    const config = await loadConfig(file);
    expect(config.queue).toBe('redis://redis.internal:6379/2');
    expect(config.node).toEqual({ name: 'bot-1' });
    expect(config.lease).toEqual({ ttl: 20_000 });
    expect(config.apps['relay']?.singleton).toBe(false);
  });

  it('defaults: local queue, no node name, a 15 s lease, singleton left to the app', async () => {
    const config = await loadConfig(await files.write('apps:\n  x: { use: builtin:market-alert }\n'));
    expect([config.queue, config.node, config.lease]).toEqual(['local', {}, { ttl: 15_000 }]);
    expect(config.apps['x']?.singleton).toBeUndefined();
  });

  it('refuses a Redis queue on a SQLite store, a bad node name and a lease under a second, each at its line', async () => {
    const file = await files.write(
      [
        'store: sqlite',
        'queue: redis://127.0.0.1:6379',
        'node: { name: "bot 1" }',
        'lease: { ttl: 500ms }',
      ].join('\n'),
    );
    const { issues } = await checkConfig(file);
    expect(issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [
        2,
        'queue',
        'cluster mode (queue: redis://…) needs store: postgres://… (several daemons share it) ("redis://127.0.0.1:6379")',
      ],
      [3, 'node.name', 'letters, digits, . _ - (at most 63) ("bot 1")'],
      [4, 'lease.ttl', 'at least 1s ("500ms")'],
    ]);
  });
});
