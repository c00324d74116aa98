import { describe, expect, it } from 'vitest';
import type { NewOutboxItem, OutboxStatus, Store } from '../types.ts';
import type { Backend } from './backends.ts';

/** The suite's view of the database under test (set up by store.conformance.test.ts). */
export interface Env {
  readonly backend: Backend;
  readonly store: Store;
}

let counter = 0;

export function outboxItem(overrides: Partial<NewOutboxItem> = {}): NewOutboxItem {
  counter += 1;
  return {
    id: `msg-${String(counter).padStart(6, '0')}`,
    app: 'standup',
    target: 'team-chat',
    connection: 'slack',
    destination: 'channel/general',
    kind: 'portable',
    payload: { text: `hello ${counter}`, blocks: [{ type: 'section' }] },
    createdAt: 1_000,
    ...overrides,
  };
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

export function outboxCases(env: Env): void {
  describe('outbox', () => {
    it('enqueues pending items due at creation, payload intact', async () => {
      const item = outboxItem({ app: null, kind: 'native', payload: { blocks: [1, 'two', null] } });
      await env.store.outbox.enqueue([item]);
      expect(await env.store.outbox.get(item.id)).toEqual({
        ...item,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: item.createdAt,
        leaseUntil: null,
        lastError: null,
        deliveredAt: null,
      });
      expect(await env.store.outbox.get('missing')).toBeUndefined();
    });

    it('enqueue is all-or-nothing', async () => {
      const item = outboxItem();
      await env.store.outbox.enqueue([item]);
      // The second batch reuses an id, so none of it may land (more rows than one INSERT holds).
      const batch = [...Array.from({ length: 250 }, () => outboxItem()), { ...item }];
      await expect(env.store.outbox.enqueue(batch)).rejects.toThrow();
      expect((await env.store.outbox.depth()).pending).toBe(1);
      await env.store.outbox.enqueue([]);
      expect((await env.store.outbox.depth()).pending).toBe(1);
    });

    it('claims only due items, oldest first, up to the limit', async () => {
      const late = outboxItem({ createdAt: 3_000 });
      const early = outboxItem({ createdAt: 1_000 });
      const middle = outboxItem({ createdAt: 2_000 });
      await env.store.outbox.enqueue([late, early, middle]);

      expect(await env.store.outbox.claimDue(999, 10, 60_000)).toEqual([]);
      const first = await env.store.outbox.claimDue(2_500, 1, 60_000);
      expect(ids(first)).toEqual([early.id]);
      expect(first[0]).toMatchObject({ status: 'sending', attempts: 1, leaseUntil: 62_500 });
      expect(ids(await env.store.outbox.claimDue(10_000, 10, 60_000))).toEqual([middle.id, late.id]);
      expect(await env.store.outbox.claimDue(10_000, 10, 60_000)).toEqual([]);
      expect(await env.store.outbox.claimDue(10_000, 0, 60_000)).toEqual([]);
    });

    it('claims by connection when asked', async () => {
      const slack = outboxItem({ connection: 'slack' });
      const teams = outboxItem({ connection: 'teams' });
      const mail = outboxItem({ connection: 'mail' });
      await env.store.outbox.enqueue([slack, teams, mail]);
      expect(await env.store.outbox.claimDue(5_000, 10, 1_000, [])).toEqual([]);
      const claimed = await env.store.outbox.claimDue(5_000, 10, 1_000, ['teams', 'mail']);
      expect(ids(claimed).sort()).toEqual([teams.id, mail.id].sort());
      expect((await env.store.outbox.get(slack.id))?.status).toBe('pending');
    });

    it('reclaims an item whose lease expired (a worker died mid-send)', async () => {
      const item = outboxItem({ createdAt: 1_000 });
      await env.store.outbox.enqueue([item]);
      await env.store.outbox.claimDue(1_000, 10, 500);
      expect(await env.store.outbox.claimDue(1_499, 10, 500)).toEqual([]);
      const [again] = await env.store.outbox.claimDue(1_500, 10, 500);
      expect(again).toMatchObject({ id: item.id, status: 'sending', attempts: 2, leaseUntil: 2_000 });
    });

    it('orders expired leases and pending items together, oldest due first, per connection', async () => {
      const crashed = outboxItem({ createdAt: 1_000, connection: 'works' });
      const waiting = outboxItem({ createdAt: 2_000, connection: 'works' });
      const newer = outboxItem({ createdAt: 3_000, connection: 'works' });
      const other = outboxItem({ createdAt: 500, connection: 'slack' });
      await env.store.outbox.enqueue([newer, waiting, crashed, other]);
      expect(ids(await env.store.outbox.claimDue(1_000, 1, 500, ['works']))).toEqual([crashed.id]);
      // At 5_000 the crashed send's lease has run out: due since 1_000, it goes before both pending.
      expect(ids(await env.store.outbox.claimDue(5_000, 2, 500, ['works']))).toEqual([
        crashed.id,
        waiting.id,
      ]);
      expect(ids(await env.store.outbox.claimDue(5_000, 2, 500, ['works']))).toEqual([newer.id]);
      expect((await env.store.outbox.get(other.id))?.status).toBe('pending');
    });

    it('claims named rows only when claimable, like claimDue; lists what is claimable', async () => {
      const [due, later, teams, leased, done] = [
        outboxItem({ createdAt: 2_000 }),
        outboxItem({ createdAt: 9_000 }),
        outboxItem({ connection: 'teams', createdAt: 1_000 }),
        outboxItem({ createdAt: 1_000 }),
        outboxItem({ createdAt: 1_500 }),
      ];
      await env.store.outbox.enqueue([due!, later!, teams!, leased!, done!]);
      // leased: taken at 1_800 for 500 ms, so not claimable again before 2_300.
      expect(ids(await env.store.outbox.claimIds([leased!.id], 1_800, 500, 'slack'))).toEqual([leased!.id]);
      await env.store.outbox.markDelivered(done!.id, 1_600);
      expect(await env.store.outbox.listClaimable(2_000, ['slack', 'teams'], 10)).toEqual([
        { id: teams!.id, connection: 'teams', attempts: 0 },
        { id: due!.id, connection: 'slack', attempts: 0 },
      ]);
      expect(ids(await env.store.outbox.listClaimable(2_300, ['slack'], 10))).toEqual([leased!.id, due!.id]);
      expect(ids(await env.store.outbox.listClaimable(2_300, ['slack'], 1))).toEqual([leased!.id]);
      expect(await env.store.outbox.listClaimable(2_000, ['slack'], 0)).toEqual([]);

      const all = [due!.id, later!.id, teams!.id, leased!.id, done!.id, 'missing'];
      expect(ids(await env.store.outbox.claimIds(all, 2_000, 500, 'slack'))).toEqual([due!.id]);
      const claimed = await env.store.outbox.claimIds(all, 2_300, 500, 'slack');
      expect(claimed).toEqual([
        expect.objectContaining({ id: leased!.id, status: 'sending', attempts: 2, leaseUntil: 2_800 }),
      ]);
      expect(await env.store.outbox.claimIds(all, 2_499, 500, 'slack')).toEqual([]);
      expect(await env.store.outbox.claimIds([], 9_000, 500, 'slack')).toEqual([]);
      expect((await env.store.outbox.get(later!.id))?.status).toBe('pending');
      expect((await env.store.outbox.get(teams!.id))?.status).toBe('pending');
      expect((await env.store.outbox.get(done!.id))?.status).toBe('delivered');
    });

    it('never hands the same item to two concurrent claimers on separate stores', async () => {
      const items = Array.from({ length: 200 }, (_, i) => outboxItem({ createdAt: 1_000 + (i % 7) }));
      await env.store.outbox.enqueue(items);
      const other = await env.backend.open();
      const claimed: string[][] = [];
      const worker = async (store: Store) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await store.outbox.claimDue(5_000, 7, 60_000);
          if (batch.length === 0) break;
          mine.push(...ids(batch));
        }
        claimed.push(mine);
      };
      await Promise.all([env.store, other, env.store, other].map(worker));
      const all = claimed.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
      // How the 200 split between claimers depends on timing (SKIP LOCKED may hand one claimer an
      // empty batch while the other holds the rows), so only disjointness and completeness are asserted.
      expect((await env.store.outbox.depth()).sending).toBe(200);
      const attempts = (await env.store.outbox.list({ limit: 500 })).map((item) => item.attempts);
      expect(new Set(attempts)).toEqual(new Set([1]));
    });

    it('markRetry, markDelivered and markDead set state; a late retry cannot undo a delivery', async () => {
      const [a, b, c] = [outboxItem(), outboxItem(), outboxItem()];
      await env.store.outbox.enqueue([a!, b!, c!]);
      await env.store.outbox.claimDue(1_000, 10, 60_000);

      await env.store.outbox.markRetry(a!.id, 9_000, 'HTTP 503');
      expect(await env.store.outbox.get(a!.id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: 9_000,
        lastError: 'HTTP 503',
        leaseUntil: null,
        attempts: 1,
      });
      expect(await env.store.outbox.claimDue(8_999, 10, 60_000)).toEqual([]);
      expect(ids(await env.store.outbox.claimDue(9_000, 10, 60_000))).toEqual([a!.id]);

      await env.store.outbox.markDelivered(b!.id, 4_242);
      expect(await env.store.outbox.get(b!.id)).toMatchObject({
        status: 'delivered',
        deliveredAt: 4_242,
        leaseUntil: null,
      });
      await env.store.outbox.markRetry(b!.id, 9_999, 'stale worker');
      await env.store.outbox.markDead(b!.id, 'stale worker');
      expect(await env.store.outbox.get(b!.id)).toMatchObject({ status: 'delivered', lastError: null });

      await env.store.outbox.markDead(c!.id, 'HTTP 404 channel_not_found');
      expect(await env.store.outbox.get(c!.id)).toMatchObject({
        status: 'dead',
        lastError: 'HTTP 404 channel_not_found',
        leaseUntil: null,
      });
    });

    it('with a claim, markRetry and markDead apply only while that claim holds', async () => {
      const item = outboxItem({ createdAt: 1_000 });
      await env.store.outbox.enqueue([item]);
      const [first] = await env.store.outbox.claimDue(1_000, 1, 500);
      const [second] = await env.store.outbox.claimDue(1_500, 1, 500);
      expect([first?.attempts, second?.attempts]).toEqual([1, 2]);
      expect(await env.store.outbox.markRetry(item.id, 1_600, 'stale', first!.attempts)).toBe(false);
      expect(await env.store.outbox.markDead(item.id, 'stale', first!.attempts)).toBe(false);
      expect(await env.store.outbox.get(item.id)).toMatchObject({
        status: 'sending',
        attempts: 2,
        lastError: null,
      });
      expect(await env.store.outbox.markRetry(item.id, 1_600, 'HTTP 503', second!.attempts)).toBe(true);
      // Pending again: no claim holds it, so even the right attempt count no longer matches a claim.
      expect(await env.store.outbox.markDead(item.id, 'late', second!.attempts)).toBe(false);
      expect(await env.store.outbox.get(item.id)).toMatchObject({ status: 'pending', lastError: 'HTTP 503' });
      expect(await env.store.outbox.markDelivered(item.id, 1_700)).toBe(true);
      expect(await env.store.outbox.markDelivered(item.id, 1_800)).toBe(false);
      expect((await env.store.outbox.get(item.id))?.deliveredAt).toBe(1_700);
    });

    it('lists with status, connection and since filters, newest first, limited', async () => {
      const items = [
        outboxItem({ connection: 'slack', createdAt: 3 }),
        outboxItem({ connection: 'teams', createdAt: 1 }),
        outboxItem({ connection: 'slack', createdAt: 2 }),
      ];
      await env.store.outbox.enqueue(items);
      await env.store.outbox.markDead(items[0]!.id, 'boom');
      expect(ids(await env.store.outbox.list())).toEqual([items[0]!.id, items[2]!.id, items[1]!.id]);
      expect(ids(await env.store.outbox.list({ connection: 'slack' }))).toEqual([items[0]!.id, items[2]!.id]);
      expect(ids(await env.store.outbox.list({ status: 'dead' }))).toEqual([items[0]!.id]);
      expect(ids(await env.store.outbox.list({ status: 'pending', connection: 'slack' }))).toEqual([
        items[2]!.id,
      ]);
      expect(ids(await env.store.outbox.list({ limit: 1 }))).toEqual([items[0]!.id]);
      expect(ids(await env.store.outbox.list({ since: 2 }))).toEqual([items[0]!.id, items[2]!.id]);
      expect(ids(await env.store.outbox.list({ since: 2, limit: 1 }))).toEqual([items[0]!.id]);
    });

    it('retry brings dead (or named) items back, never in-flight ones', async () => {
      const [dead1, dead2, sending, pending] = [outboxItem(), outboxItem(), outboxItem(), outboxItem()];
      await env.store.outbox.enqueue([dead1!, dead2!, sending!, pending!]);
      await env.store.outbox.claimDue(1_000, 10, 60_000);
      await env.store.outbox.markDead(dead1!.id, 'x');
      await env.store.outbox.markDead(dead2!.id, 'y');
      await env.store.outbox.markRetry(pending!.id, 50_000, 'z');

      expect(await env.store.outbox.retry(7_000, {})).toBe(0);
      expect(await env.store.outbox.retry(7_000, { ids: [] })).toBe(0);
      expect(await env.store.outbox.retry(7_000, { ids: [dead1!.id, sending!.id] })).toBe(1);
      expect(await env.store.outbox.get(dead1!.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 7_000,
        leaseUntil: null,
      });
      expect((await env.store.outbox.get(sending!.id))?.status).toBe('sending');

      expect(await env.store.outbox.retry(8_000, { status: 'dead' })).toBe(1);
      expect(await env.store.outbox.get(dead2!.id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: 8_000,
      });
      expect((await env.store.outbox.get(pending!.id))?.nextAttemptAt).toBe(50_000);
    });

    it('purge deletes delivered/dead items only, optionally older than a time', async () => {
      const items = Array.from({ length: 6 }, (_, i) => outboxItem({ createdAt: 100 * (i + 1) }));
      await env.store.outbox.enqueue(items);
      await env.store.outbox.claimDue(1_000, 1, 60_000); // items[0] → sending
      await env.store.outbox.markDelivered(items[1]!.id, 1_000);
      await env.store.outbox.markDelivered(items[2]!.id, 2_000);
      await env.store.outbox.markDead(items[3]!.id, 'x'); // created 400
      await env.store.outbox.markDead(items[4]!.id, 'y'); // created 500; items[5] stays pending

      expect(await env.store.outbox.purge({ status: 'delivered', before: 1_500 })).toBe(1);
      expect(await env.store.outbox.purge({ status: 'dead', before: 450 })).toBe(1);
      expect(await env.store.outbox.purge({ status: 'pending' as 'dead' })).toBe(0);
      expect(await env.store.outbox.purge({ status: 'sending' as 'dead' })).toBe(0);
      expect(await env.store.outbox.depth()).toEqual({ pending: 1, sending: 1, delivered: 1, dead: 1 });
      expect(await env.store.outbox.purge({ status: 'delivered' })).toBe(1);
      expect(await env.store.outbox.purge({ status: 'dead' })).toBe(1);
      expect(ids(await env.store.outbox.list())).toEqual([items[5]!.id, items[0]!.id]);
    });

    it('depth reports every status, zeros included', async () => {
      const zero: Record<OutboxStatus, number> = { pending: 0, sending: 0, delivered: 0, dead: 0 };
      expect(await env.store.outbox.depth()).toEqual(zero);
      const items = [outboxItem(), outboxItem(), outboxItem()];
      await env.store.outbox.enqueue(items);
      await env.store.outbox.markDead(items[0]!.id, 'x');
      expect(await env.store.outbox.depth()).toEqual({ ...zero, pending: 2, dead: 1 });
    });

    it('nextDue is the earliest pending attempt or sending lease end', async () => {
      expect(await env.store.outbox.nextDue()).toBeUndefined();
      const [a, b] = [outboxItem({ createdAt: 5_000 }), outboxItem({ createdAt: 6_000 })];
      await env.store.outbox.enqueue([a!, b!]);
      expect(await env.store.outbox.nextDue()).toBe(5_000);
      await env.store.outbox.claimDue(5_000, 1, 100); // a: sending until 5_100
      expect(await env.store.outbox.nextDue()).toBe(5_100);
      await env.store.outbox.markDelivered(a!.id, 5_050);
      expect(await env.store.outbox.nextDue()).toBe(6_000);
      await env.store.outbox.markDead(b!.id, 'x');
      expect(await env.store.outbox.nextDue()).toBeUndefined();
    });
  });
}
