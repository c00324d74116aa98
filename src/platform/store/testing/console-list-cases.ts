import { describe, expect, it } from 'vitest';
import { type Env, outboxItem } from './outbox-cases.ts';

const ids = (items: Array<{ id: string | number }>) => items.map((item) => item.id);

/** The filters the console's lists page with: runs by outcome/before, outbox by app/until, the inbox. */
export function consoleListCases(env: Env): void {
  describe('console lists', () => {
    it('runs.list filters by outcome and pages with before (ids below it), newest first', async () => {
      const { runs } = env.store;
      const run = (startedAt: number, outcome: 'ok' | 'error') =>
        runs.record({
          app: 'a',
          trigger: 'manual',
          scheduledAt: null,
          startedAt,
          endedAt: startedAt + 1,
          outcome,
          error: outcome === 'error' ? 'boom' : null,
        });
      const r1 = await run(1_000, 'ok');
      const r2 = await run(2_000, 'error');
      const r3 = await run(3_000, 'ok');
      const r4 = await run(4_000, 'error');
      expect(ids(await runs.list('a', 10, { outcome: 'error' }))).toEqual([r4, r2]);
      expect(ids(await runs.list('a', 10, { before: r3 }))).toEqual([r2, r1]);
      expect(ids(await runs.list('a', 1, { before: r4, outcome: 'ok' }))).toEqual([r3]);
      expect(await runs.list('a', 10, { outcome: 'crashed' })).toEqual([]);
    });

    it('outbox.list filters by app and until (created before it)', async () => {
      const items = [
        outboxItem({ app: 'standup', createdAt: 10 }),
        outboxItem({ app: 'report', createdAt: 20 }),
        outboxItem({ app: 'standup', createdAt: 30 }),
      ];
      await env.store.outbox.enqueue(items);
      expect(ids(await env.store.outbox.list({ app: 'standup' }))).toEqual([items[2]!.id, items[0]!.id]);
      expect(ids(await env.store.outbox.list({ until: 30 }))).toEqual([items[1]!.id, items[0]!.id]);
      expect(ids(await env.store.outbox.list({ app: 'standup', since: 10, until: 20 }))).toEqual([
        items[0]!.id,
      ]);
      expect(await env.store.outbox.list({ app: 'nobody' })).toEqual([]);
    });

    it('outbox.depthByConnection counts per connection and status, zeros included', async () => {
      expect(await env.store.outbox.depthByConnection()).toEqual([]);
      const items = [
        outboxItem({ connection: 'teams' }),
        outboxItem({ connection: 'slack' }),
        outboxItem({ connection: 'slack' }),
      ];
      await env.store.outbox.enqueue(items);
      await env.store.outbox.markDead(items[1]!.id, 'boom');
      expect(await env.store.outbox.depthByConnection()).toEqual([
        { connection: 'slack', pending: 1, sending: 0, delivered: 0, dead: 1 },
        { connection: 'teams', pending: 1, sending: 0, delivered: 0, dead: 0 },
      ]);
    });

    it('inbox.list filters by connection, time and the app it was handed to, newest first', async () => {
      const { inbox, inboxDeliveries } = env.store;
      const add = (connection: string, key: string, receivedAt: number) =>
        inbox.insert({ connection, dedupeKey: key, payload: { key }, receivedAt });
      const a = await add('slack', 'a', 100);
      const b = await add('webex', 'b', 200);
      const c = await add('slack', 'c', 300);
      await inboxDeliveries.fanOut(a.id, ['desk'], 100);
      await inboxDeliveries.fanOut(c.id, ['desk', 'other'], 300);
      expect(ids(await inbox.list())).toEqual([c.id, b.id, a.id]);
      expect(ids(await inbox.list({ connection: 'slack' }))).toEqual([c.id, a.id]);
      expect(ids(await inbox.list({ since: 200, until: 300 }))).toEqual([b.id]);
      expect(ids(await inbox.list({ app: 'desk', limit: 1 }))).toEqual([c.id]);
      expect(ids(await inbox.list({ app: 'other' }))).toEqual([c.id]);
      expect(await inbox.list({ app: 'nobody' })).toEqual([]);
      expect((await inbox.list({ connection: 'webex' }))[0]).toEqual({
        id: b.id,
        connection: 'webex',
        dedupeKey: 'b',
        payload: { key: 'b' },
        receivedAt: 200,
        status: 'new',
      });
    });
  });
}
