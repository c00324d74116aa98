import { describe, expect, it } from 'vitest';
import type { Env } from './outbox-cases.ts';

let counter = 0;

async function event(env: Env, receivedAt = 1_000): Promise<number> {
  counter += 1;
  const { id } = await env.store.inbox.insert({
    connection: 'works',
    dedupeKey: `ev-${counter}`,
    payload: { id: `ev-${counter}`, text: `hello ${counter}` },
    receivedAt,
  });
  return id;
}

export function inboxDeliveryCases(env: Env): void {
  describe('inbox deliveries', () => {
    it('fanOut makes one pending row per app and marks the event routed, atomically; a replay adds nothing', async () => {
      const id = await event(env);
      await env.store.inboxDeliveries.fanOut(id, ['beta', 'alpha', 'beta'], 2_000);
      expect((await env.store.inbox.get(id))?.status).toBe('done');
      expect(await env.store.inboxDeliveries.list({ inboxId: id })).toEqual(
        ['alpha', 'beta'].map((app) => ({
          inboxId: id,
          app,
          status: 'pending',
          attempts: 0,
          createdAt: 2_000,
          updatedAt: 2_000,
          error: null,
        })),
      );
      await env.store.inboxDeliveries.claim(id, 'alpha', 2_100);
      await env.store.inboxDeliveries.fanOut(id, ['alpha', 'gamma'], 3_000);
      const rows = await env.store.inboxDeliveries.list({ inboxId: id });
      expect(rows.map((r) => [r.app, r.status, r.createdAt])).toEqual([
        ['alpha', 'handing', 2_000],
        ['beta', 'pending', 2_000],
        ['gamma', 'pending', 3_000],
      ]);
      const none = await event(env);
      await env.store.inboxDeliveries.fanOut(none, [], 2_000);
      expect((await env.store.inbox.get(none))?.status).toBe('done');
      expect(await env.store.inbox.listNew(10)).toEqual([]);
    });

    it("pending lists one app's waiting events with their payload, oldest first", async () => {
      const [a, b, c] = [await event(env), await event(env), await event(env)];
      for (const id of [c, a, b]) await env.store.inboxDeliveries.fanOut(id, ['alpha', 'beta'], 5);
      await env.store.inboxDeliveries.finish(b, 'alpha', { status: 'done', at: 6 });
      const pending = await env.store.inboxDeliveries.pending('alpha', 10);
      expect(pending.map((d) => d.inboxId)).toEqual([a, c]);
      expect(pending[0]?.event).toEqual((await env.store.inbox.get(a))?.payload);
      expect((await env.store.inboxDeliveries.pending('alpha', 1)).map((d) => d.inboxId)).toEqual([a]);
      expect(await env.store.inboxDeliveries.pending('nobody', 10)).toEqual([]);
    });

    it('claim hands an event over once; finish ends it once', async () => {
      const id = await event(env);
      await env.store.inboxDeliveries.fanOut(id, ['alpha'], 10);
      expect(await env.store.inboxDeliveries.claim(id, 'alpha', 11)).toBe(1);
      expect(await env.store.inboxDeliveries.claim(id, 'alpha', 12)).toBeUndefined();
      expect(await env.store.inboxDeliveries.claim(id, 'beta', 12)).toBeUndefined();
      expect(
        await env.store.inboxDeliveries.finish(id, 'alpha', { status: 'failed', at: 13, error: 'boom' }),
      ).toBe(true);
      expect(await env.store.inboxDeliveries.finish(id, 'alpha', { status: 'done', at: 14 })).toBe(false);
      expect(await env.store.inboxDeliveries.list({ app: 'alpha' })).toEqual([
        {
          inboxId: id,
          app: 'alpha',
          status: 'failed',
          attempts: 1,
          createdAt: 10,
          updatedAt: 13,
          error: 'boom',
        },
      ]);
    });

    it('release puts an event back for the restarted app once, then fails it', async () => {
      const id = await event(env);
      await env.store.inboxDeliveries.fanOut(id, ['alpha'], 10);
      const release = () =>
        env.store.inboxDeliveries.release(id, 'alpha', { at: 20, maxAttempts: 2, error: 'app died' });
      expect(await release()).toBeUndefined();
      await env.store.inboxDeliveries.claim(id, 'alpha', 11);
      expect(await release()).toBe('pending');
      expect((await env.store.inboxDeliveries.pending('alpha', 10)).map((d) => d.attempts)).toEqual([1]);
      expect(await env.store.inboxDeliveries.claim(id, 'alpha', 21)).toBe(2);
      expect(await release()).toBe('failed');
      expect(await env.store.inboxDeliveries.list({ inboxId: id })).toMatchObject([
        { status: 'failed', attempts: 2, error: 'app died' },
      ]);
    });

    it('recoverInterrupted releases what a dead daemon left handing', async () => {
      const [a, b, c] = [await event(env), await event(env), await event(env)];
      for (const id of [a, b, c]) await env.store.inboxDeliveries.fanOut(id, ['alpha'], 10);
      await env.store.inboxDeliveries.claim(a, 'alpha', 11);
      await env.store.inboxDeliveries.claim(b, 'alpha', 11);
      await env.store.inboxDeliveries.release(b, 'alpha', { at: 12, maxAttempts: 2, error: 'x' });
      await env.store.inboxDeliveries.claim(b, 'alpha', 13);
      expect(await env.store.inboxDeliveries.recoverInterrupted({ at: 50, maxAttempts: 2 })).toBe(1);
      expect((await env.store.inboxDeliveries.list()).map((d) => [d.inboxId, d.status, d.attempts])).toEqual([
        [a, 'pending', 1],
        [b, 'failed', 2],
        [c, 'pending', 0],
      ]);
    });

    it('expire drops pending deliveries held too long, and only those', async () => {
      const [old, young] = [await event(env), await event(env)];
      await env.store.inboxDeliveries.fanOut(old, ['alpha', 'beta'], 100);
      await env.store.inboxDeliveries.fanOut(young, ['alpha'], 900);
      await env.store.inboxDeliveries.claim(old, 'beta', 150);
      expect(await env.store.inboxDeliveries.expire(500, 1_000)).toEqual([{ inboxId: old, app: 'alpha' }]);
      expect((await env.store.inboxDeliveries.list()).map((d) => [d.inboxId, d.app, d.status])).toEqual([
        [old, 'alpha', 'dropped'],
        [old, 'beta', 'handing'],
        [young, 'alpha', 'pending'],
      ]);
      expect(await env.store.inboxDeliveries.expire(500, 1_000)).toEqual([]);
    });

    it('inbox.prune keeps events an app has not handled yet, and takes the deliveries of the rest', async () => {
      const [handled, waiting] = [await event(env, 100), await event(env, 100)];
      await env.store.inboxDeliveries.fanOut(handled, ['alpha'], 100);
      await env.store.inboxDeliveries.fanOut(waiting, ['alpha'], 100);
      await env.store.inboxDeliveries.finish(handled, 'alpha', { status: 'done', at: 110 });
      expect(await env.store.inbox.prune(1_000)).toBe(1);
      expect(await env.store.inbox.get(handled)).toBeUndefined();
      expect((await env.store.inboxDeliveries.list()).map((d) => d.inboxId)).toEqual([waiting]);
    });
  });
}
