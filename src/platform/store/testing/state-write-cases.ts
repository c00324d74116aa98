import { describe, expect, it } from 'vitest';
import type { Env } from './outbox-cases.ts';
import { outboxItem } from './outbox-cases.ts';

/** Batched state writes: kv.write, and outbox items enqueued with an app's state changes. */
export function stateWriteCases(env: Env): void {
  describe('kv.write and outbox.enqueue with state', () => {
    it('sets and deletes many keys at once; the last value of a key wins', async () => {
      const { store } = env;
      await store.kv.set('app', 'old', 1);
      await store.kv.set('other', 'old', 2);
      const set = Array.from({ length: 1200 }, (_, i) => ({
        key: `k/${String(i).padStart(4, '0')}`,
        value: { i },
      }));
      await store.kv.write('app', {
        set: [...set, { key: 'k/0000', value: 'last' }],
        delete: ['old', 'absent'],
      });
      const listed = await store.kv.list('app');
      expect(listed).toHaveLength(1200);
      expect(listed[0]).toEqual({ key: 'k/0000', value: 'last' });
      expect(listed[1199]).toEqual({ key: 'k/1199', value: { i: 1199 } });
      expect(await store.kv.get('other', 'old')).toBe(2);
      await store.kv.write('app', { delete: set.map((s) => s.key) });
      expect(await store.kv.list('app')).toEqual([]);
    });

    it('refuses undefined and a key both set and deleted, writing nothing', async () => {
      const { store } = env;
      await expect(
        store.kv.write('app', {
          set: [
            { key: 'a', value: 1 },
            { key: 'b', value: undefined },
          ],
        }),
      ).rejects.toMatchObject({ code: 'KV_VALUE' });
      await expect(
        store.kv.write('app', { set: [{ key: 'a', value: 1 }], delete: ['a'] }),
      ).rejects.toMatchObject({ code: 'KV_VALUE' });
      expect(await store.kv.list('app')).toEqual([]);
    });

    it('commits items and state together', async () => {
      const { store } = env;
      await store.kv.set('app', 'j/1', 'journaled');
      const items = [outboxItem(), outboxItem()];
      await store.outbox.enqueue(items, { app: 'app', set: [{ key: 'c/x', value: 3 }], delete: ['j/1'] });
      expect((await store.outbox.list()).map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
      expect(await store.kv.list('app')).toEqual([{ key: 'c/x', value: 3 }]);
    });

    it('stores neither when one item fails (a duplicate id)', async () => {
      const { store } = env;
      const first = outboxItem();
      await store.outbox.enqueue([first]);
      await store.kv.set('app', 'j/1', 'journaled');
      await expect(
        store.outbox.enqueue([outboxItem(), { ...first }], {
          app: 'app',
          delete: ['j/1'],
          set: [{ key: 'c', value: 1 }],
        }),
      ).rejects.toThrow();
      expect(await store.outbox.list()).toHaveLength(1);
      expect(await store.kv.list('app')).toEqual([{ key: 'j/1', value: 'journaled' }]);
    });
  });
}
