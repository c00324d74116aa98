import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxItem } from '../../../platform/store/types.ts';
import type { ClaimedItem, DeliveryQueue } from '../delivery-queue.ts';

/** One backing (a database, a Redis) that queues are opened on, and the time they see. */
export interface QueueBacking {
  /** Another queue on the same backing: another worker, possibly another daemon. */
  open(options: { lease: number }): Promise<DeliveryQueue>;
  /** Moves the queues' time forward: a fake clock, or real waiting for a backend on real time. */
  advance(ms: number): Promise<void>;
  now(): number;
  /** Empties the backing between cases. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

const LEASE = 500;
let counter = 0;

function item(backing: QueueBacking, overrides: Partial<NewOutboxItem> = {}): NewOutboxItem {
  counter += 1;
  return {
    id: `q-${String(counter).padStart(6, '0')}`,
    app: 'standup',
    target: 'team',
    connection: 'slack',
    destination: 'channel/general',
    kind: 'portable',
    payload: { text: `hello ${counter}` },
    createdAt: backing.now(),
    ...overrides,
  };
}

const ids = (items: ClaimedItem[]) => items.map((i) => i.id);

/**
 * The DeliveryQueue contract. Times are short (a lease of 500 ms) so a backend on real time passes
 * in seconds; the local queue runs it on a fake clock.
 */
export function deliveryQueueCases(name: string, makeBacking: () => Promise<QueueBacking>): void {
  describe(`DeliveryQueue conformance: ${name}`, () => {
    let backing: QueueBacking;
    let queue: DeliveryQueue;
    let setupError: unknown;

    beforeAll(async () => {
      try {
        backing = await makeBacking();
        queue = await backing.open({ lease: LEASE });
      } catch (err) {
        setupError = err;
      }
    });
    afterAll(() => backing?.dispose());
    beforeEach(async () => {
      if (setupError) throw setupError;
      await backing.reset();
    });

    it('claims due items of one connection, oldest first, each once, up to the limit', async () => {
      const [a, b, c] = [item(backing), item(backing), item(backing)];
      const teams = item(backing, { connection: 'teams' });
      await queue.add([a!, b!, c!, teams]);
      const first = await queue.claim('slack', 2);
      expect(ids(first)).toEqual([a!.id, b!.id]);
      expect(first[0]).toMatchObject({ status: 'sending', attempts: 1, payload: a!.payload });
      expect(ids(await queue.claim('slack', 10))).toEqual([c!.id]);
      expect(await queue.claim('slack', 10)).toEqual([]);
      expect(ids(await queue.claim('teams', 10))).toEqual([teams.id]);
      expect(await queue.depth()).toEqual({ pending: 0, sending: 4, delivered: 0, dead: 0 });
    });

    it('complete and dead are final; retry makes the item due again at its time', async () => {
      const [a, b, c] = [item(backing), item(backing), item(backing)];
      await queue.add([a!, b!, c!]);
      const [ca, cb, cc] = await queue.claim('slack', 3);
      expect(await queue.complete(ca!)).toBe(true);
      expect(await queue.dead(cb!, 'HTTP 404')).toBe(true);
      const at = backing.now() + 200;
      expect(await queue.retry(cc!, at, 'HTTP 503')).toBe(true);
      expect(await queue.nextDue()).toBe(at);
      expect(await queue.claim('slack', 10)).toEqual([]);
      await backing.advance(200);
      const [again] = await queue.claim('slack', 10);
      expect(again).toMatchObject({ id: c!.id, attempts: 2, lastError: 'HTTP 503' });
      expect(await queue.complete(again!)).toBe(true);
      expect(await queue.depth()).toEqual({ pending: 0, sending: 0, delivered: 2, dead: 1 });
      expect(await queue.nextDue()).toBeUndefined();
    });

    it('hands an item out again once its claim lease ends (a worker died mid-send)', async () => {
      const a = item(backing);
      await queue.add([a]);
      await queue.claim('slack', 1);
      expect(await queue.nextDue()).toBe(backing.now() + LEASE);
      await backing.advance(LEASE - 100);
      expect(await queue.claim('slack', 1)).toEqual([]);
      await backing.advance(100);
      expect(await queue.claim('slack', 1)).toMatchObject([{ id: a.id, attempts: 2 }]);
    });

    it('a stale claim cannot retry or kill an item another worker holds: no extra send', async () => {
      const a = item(backing);
      await queue.add([a]);
      const other = await backing.open({ lease: LEASE });
      const [stale] = await queue.claim('slack', 1);
      await backing.advance(LEASE);
      const [current] = await other.claim('slack', 1);
      expect(current?.claimToken).not.toBe(stale!.claimToken);
      // The first worker's late verdicts change nothing: the item stays with the second worker.
      expect(await queue.retry(stale!, backing.now(), 'timeout')).toBe(false);
      expect(await queue.dead(stale!, 'timeout')).toBe(false);
      expect(await queue.claim('slack', 1)).toEqual([]);
      expect(await queue.depth()).toMatchObject({ pending: 0, sending: 1, dead: 0 });
      expect(await other.retry(current!, backing.now(), 'HTTP 503')).toBe(true);
      expect(await queue.retry(stale!, backing.now() + 1, 'late')).toBe(false);
      expect(await queue.claim('slack', 1)).toMatchObject([{ id: a.id, attempts: 3, lastError: 'HTTP 503' }]);
    });

    it('a late completion from a stale claim still ends the item (it was sent)', async () => {
      const a = item(backing);
      await queue.add([a]);
      const [stale] = await queue.claim('slack', 1);
      await backing.advance(LEASE);
      const [current] = await queue.claim('slack', 1);
      expect(await queue.complete(stale!)).toBe(true);
      expect(await queue.retry(current!, backing.now(), 'x')).toBe(false);
      expect(await queue.complete(current!)).toBe(false);
      expect(await queue.depth()).toMatchObject({ pending: 0, sending: 0, delivered: 1 });
    });

    it('add is all-or-nothing', async () => {
      const a = item(backing);
      await queue.add([a]);
      await expect(queue.add([item(backing), { ...a }])).rejects.toThrow();
      expect((await queue.depth()).pending).toBe(1);
    });

    it('never hands one item to two workers claiming at once', async () => {
      await queue.add(Array.from({ length: 60 }, () => item(backing)));
      const other = await backing.open({ lease: LEASE });
      const drain = async (q: DeliveryQueue) => {
        const mine: string[] = [];
        for (let batch = await q.claim('slack', 7); batch.length > 0; batch = await q.claim('slack', 7))
          mine.push(...ids(batch));
        return mine;
      };
      const all = (await Promise.all([queue, other, queue, other].map(drain))).flat();
      expect(all).toHaveLength(60);
      expect(new Set(all).size).toBe(60);
    });
  });
}
