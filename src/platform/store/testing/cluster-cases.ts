import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import type { Backend } from './backends.ts';
import { clusterNodeCases } from './cluster-node-cases.ts';
import type { Env } from './outbox-cases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A second Store (its own pool or connection) on the same database: another daemon. */
const others = new WeakMap<Backend, Promise<Store>>();
export function otherStore(env: Env): Promise<Store> {
  let other = others.get(env.backend);
  if (!other) {
    other = env.backend.open();
    others.set(env.backend, other);
  }
  return other;
}

export function clusterCases(env: Env): void {
  describe('cluster: leases', () => {
    it('takes a free lease at epoch 1; the holder renews it with the same epoch; others are refused', async () => {
      const { leases } = env.store;
      expect(await leases.acquire('app:alerts', 'n1', 10_000)).toBe(1);
      const [first] = await leases.list();
      await sleep(15);
      expect(await leases.acquire('app:alerts', 'n1', 10_000)).toBe(1);
      expect(await leases.acquire('app:alerts', 'n2', 10_000)).toBeUndefined();
      const [renewed] = await leases.list();
      expect(renewed).toMatchObject({ name: 'app:alerts', holder: 'n1', epoch: 1, live: true });
      expect(renewed!.acquiredAt).toBe(first!.acquiredAt);
      expect(renewed!.expiresAt).toBeGreaterThan(first!.expiresAt);
      expect(renewed!.expiresAt - renewed!.acquiredAt).toBeGreaterThanOrEqual(10_000);
      expect(await leases.holds('app:alerts', 'n1', 1)).toBe(true);
      expect(await leases.holds('app:alerts', 'n1', 2)).toBe(false);
      expect(await leases.holds('app:alerts', 'n2', 1)).toBe(false);
      expect(await leases.holds('app:nothing', 'n1', 1)).toBe(false);
    });

    it('an expired lease goes to the next taker with epoch + 1; the old holder fails the fencing check', async () => {
      const { leases } = env.store;
      expect(await leases.acquire('connection:slack', 'n1', 40)).toBe(1);
      await sleep(90);
      expect(await leases.holds('connection:slack', 'n1', 1)).toBe(false);
      expect((await leases.list())[0]).toMatchObject({ holder: 'n1', live: false });
      const before = (await leases.list())[0]!.acquiredAt;
      expect(await leases.acquire('connection:slack', 'n2', 10_000)).toBe(2);
      expect(await leases.holds('connection:slack', 'n2', 2)).toBe(true);
      expect(await leases.holds('connection:slack', 'n1', 1)).toBe(false);
      expect(await leases.acquire('connection:slack', 'n1', 10_000)).toBeUndefined();
      const [row] = await leases.list();
      expect(row).toMatchObject({ holder: 'n2', epoch: 2, live: true });
      expect(row!.acquiredAt).toBeGreaterThan(before);
    });

    it('release hands the lease over at once, and only by its holder', async () => {
      const { leases } = env.store;
      await leases.acquire('app:listener', 'n1', 10_000);
      await leases.release('app:listener', 'n2');
      expect(await leases.acquire('app:listener', 'n2', 10_000)).toBeUndefined();
      await leases.release('app:listener', 'n1');
      expect(await leases.holds('app:listener', 'n1', 1)).toBe(false);
      expect((await leases.list())[0]).toMatchObject({ holder: 'n1', live: false });
      expect(await leases.acquire('app:listener', 'n2', 10_000)).toBe(2);
      // Taking back a lease one held last keeps its epoch: nobody else held it in between.
      await leases.release('app:listener', 'n2');
      expect(await leases.acquire('app:listener', 'n2', 10_000)).toBe(2);
      await leases.release('app:listener', 'n2');
      expect(await leases.acquire('app:listener', 'n1', 10_000)).toBe(3);
      await leases.release('app:unknown', 'n1');
      expect((await leases.list()).map((l) => [l.name, l.holder, l.epoch])).toEqual([
        ['app:listener', 'n1', 3],
      ]);
    });

    it('lists every lease by name with its liveness', async () => {
      const { leases } = env.store;
      await leases.acquire('b', 'n1', 10_000);
      await leases.acquire('a', 'n2', 10_000);
      await leases.acquire('c', 'n1', 10_000);
      await leases.release('c', 'n1');
      expect((await leases.list()).map((l) => [l.name, l.holder, l.live])).toEqual([
        ['a', 'n2', true],
        ['b', 'n1', true],
        ['c', 'n1', false],
      ]);
    });

    it('two stores racing for the same free or expired lease: exactly one wins, 20 rounds', async () => {
      const other = await otherStore(env);
      for (let round = 0; round < 20; round += 1) {
        const name = `race-${round}`;
        const fresh = await Promise.all([
          env.store.leases.acquire(name, 'n1', 10_000),
          other.leases.acquire(name, 'n2', 10_000),
        ]);
        expect(fresh.filter((epoch) => epoch !== undefined)).toEqual([1]);
        const winner = fresh[0] === 1 ? 'n1' : 'n2';
        await env.store.leases.release(name, winner);
        const stolen = await Promise.all([
          other.leases.acquire(name, 'n3', 10_000),
          env.store.leases.acquire(name, 'n4', 10_000),
        ]);
        expect(stolen.filter((epoch) => epoch !== undefined)).toEqual([2]);
      }
    });
  });

  clusterNodeCases(env);
}
