import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCapabilities } from '../../connectors/testing/capabilities.ts';
import type { Connector } from '../../connectors/types.ts';
import { FakeClock } from '../../platform/clock.ts';
import { OpsbotError } from '../../platform/errors.ts';
import { openStore } from '../../platform/store/open.ts';
import type { Store } from '../../platform/store/types.ts';
import { Outbox } from './outbox.ts';

function connector(type: string, destinations: string[]): Connector {
  return {
    name: type,
    type,
    defaultRateLimit: 60,
    capabilities: testCapabilities({ destinations }),
    send: async () => {},
  };
}

const connectors = new Map<string, Connector>([
  ['works', connector('naverworks', ['channel', 'user'])],
  ['ops-teams', connector('teams', [])],
]);
const targets = {
  'market-desk': 'works/channel/abc-123',
  oncall: ['market-desk', 'ops-teams', 'works/user/u1'],
};

let store: Store;
let wakes: number;
let outbox: Outbox;
const clock = new FakeClock('2026-01-05T09:00:00Z');

beforeEach(async () => {
  store = await openStore({ url: 'sqlite', dataDir: '', masterKey: Buffer.alloc(32, 3), memory: true });
  wakes = 0;
  outbox = new Outbox({ store, connectors, targets, clock, worker: { wake: () => wakes++ } });
});

afterEach(async () => {
  await store.close();
});

describe('Outbox.enqueue', () => {
  it('stores one pending item per destination and wakes the worker once', async () => {
    const payload = { title: 'Paging', text: 'disk full', severity: 'critical' };
    const ids = await outbox.enqueue({ app: 'alerts', target: 'oncall', kind: 'portable', payload });
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(wakes).toBe(1);
    const items = await Promise.all(ids.map((id) => store.outbox.get(id)));
    expect(items.map((i) => [i?.connection, i?.destination])).toEqual([
      ['works', 'channel/abc-123'],
      ['ops-teams', ''],
      ['works', 'user/u1'],
    ]);
    for (const item of items) {
      expect(item).toMatchObject({
        app: 'alerts',
        target: 'oncall',
        kind: 'portable',
        payload,
        status: 'pending',
        attempts: 0,
        createdAt: clock.now(),
        nextAttemptAt: clock.now(),
      });
    }
  });

  it('accepts a raw target and a native payload', async () => {
    const ids = await outbox.enqueue({
      app: null,
      target: 'works/user/u2',
      kind: 'native',
      payload: { content: 1 },
    });
    expect(await store.outbox.get(ids[0]!)).toMatchObject({
      app: null,
      connection: 'works',
      destination: 'user/u2',
      kind: 'native',
      payload: { content: 1 },
    });
  });

  it('stores nothing and does not wake the worker when the target is bad', async () => {
    const failure = outbox.enqueue({ app: 'a', target: 'nowhere', kind: 'portable', payload: { text: 'x' } });
    await expect(failure).rejects.toThrow(OpsbotError);
    await expect(failure).rejects.toMatchObject({ code: 'TARGET' });
    expect(await store.outbox.depth()).toEqual({ pending: 0, sending: 0, delivered: 0, dead: 0 });
    expect(wakes).toBe(0);
  });

  it('rejects an undefined payload', async () => {
    await expect(
      outbox.enqueue({ app: 'a', target: 'ops-teams', kind: 'native', payload: undefined }),
    ).rejects.toMatchObject({ code: 'MESSAGE' });
    expect((await store.outbox.depth()).pending).toBe(0);
  });

  it('reports a store failure to the caller instead of accepting the message', async () => {
    const failing = new Outbox({
      store: {
        outbox: { enqueue: async () => Promise.reject(new Error('disk I/O error')) },
      } as unknown as Store,
      connectors,
      targets,
      clock,
      worker: { wake: () => wakes++ },
    });
    await expect(
      failing.enqueue({ app: 'a', target: 'oncall', kind: 'portable', payload: { text: 'x' } }),
    ).rejects.toThrow('disk I/O error');
    expect(wakes).toBe(0);
  });
});

describe('Outbox.enqueueMany', () => {
  it('stores the good messages in order with the state, and answers a bad target by index', async () => {
    await store.kv.set('alerts', 'j/1', 'journaled');
    const text = (t: string) => ({ kind: 'portable' as const, payload: { text: t } });
    const result = await outbox.enqueueMany(
      'alerts',
      [
        { target: 'market-desk', ...text('one') },
        { target: 'nowhere', ...text('lost') },
        { target: 'oncall', ...text('two') },
        { target: 'market-desk', ...text('three') },
      ],
      { set: [{ key: 'c/x', value: 1 }], delete: ['j/1'] },
    );
    expect(result.failed).toEqual([{ index: 1, error: expect.stringContaining('nowhere') }]);
    expect(result.ids.map((ids) => ids.length)).toEqual([1, 0, 3, 1]);
    expect(wakes).toBe(1);
    // Claimed in the order given: one created_at, ids that sort like the messages.
    const claimed = await store.outbox.claimDue(clock.now(), 10, 1000, ['works']);
    expect(claimed.map((i) => (i.payload as { text: string }).text)).toEqual(['one', 'two', 'two', 'three']);
    expect(await store.kv.list('alerts')).toEqual([{ key: 'c/x', value: 1 }]);
  });
});
