import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlApi, createDispatcher } from '../contracts/daemon-api/index.ts';
import { OpsbotError } from '../platform/errors.ts';
import { openStore } from '../platform/store/open.ts';
import type { Store } from '../platform/store/types.ts';
import { storeMethods } from './store-methods.ts';

/** The store methods as the daemon and a daemon-less CLI both serve them: through the dispatcher. */

let store: Store;
let call: (method: string, args: unknown) => Promise<unknown>;

beforeEach(async () => {
  store = await openStore({ url: 'sqlite', dataDir: '', masterKey: Buffer.alloc(32), memory: true });
  const dispatch = createDispatcher(
    controlApi,
    storeMethods({ store, exchanges: () => new Set(['XKRX', 'XNYS']), now: () => 1000 }),
  );
  call = (method, args) => dispatch(method, args, undefined);
});
afterEach(() => store.close());

async function refusal(work: Promise<unknown>) {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OpsbotError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return `${err.code} ${err.exitCode} ${err.message}`;
}

describe('holiday methods', () => {
  it('add, update, remove a curated entry', async () => {
    const add = { exchange: 'xkrx', date: '2026-05-01', kind: 'closed', name: ' 근로자의 날 ' };
    expect(await call('holiday.add', add)).toEqual({
      entry: {
        exchange: 'XKRX',
        date: '2026-05-01',
        kind: 'closed',
        name: '근로자의 날',
        open: null,
        close: null,
        source: 'manual',
        updatedAt: 1000,
      },
      replaced: false,
    });
    expect(((await call('holiday.add', add)) as { replaced: boolean }).replaced).toBe(true);
    expect(
      await call('holiday.update', { exchange: 'XKRX', date: '2026-05-01', open: '10:00' }),
    ).toMatchObject({
      kind: 'session',
      open: '10:00',
      close: null,
    });
    expect(await call('holiday.remove', { exchange: 'XKRX', date: '2026-05-01' })).toEqual({
      removed: { exchange: 'XKRX', date: '2026-05-01' },
    });
    expect(await store.holidays.get('XKRX', '2026-05-01')).toBeUndefined();
  });

  it('refuses unknown exchanges, unreal dates and missing entries with exact messages', async () => {
    expect(
      await refusal(call('holiday.add', { exchange: 'XXXX', date: '2026-05-01', kind: 'closed', name: 'x' })),
    ).toBe('USAGE 2 unknown exchange "XXXX" (known: XKRX, XNYS)');
    expect(await refusal(call('holiday.remove', { exchange: 'XKRX', date: '2026-02-30' }))).toBe(
      'USAGE 2 date must be a real YYYY-MM-DD date, got "2026-02-30"',
    );
    expect(await refusal(call('holiday.update', { exchange: 'XKRX', date: '2026-05-01', name: 'x' }))).toBe(
      'HOLIDAY 1 no curated entry for XKRX on 2026-05-01; add one with: opsbot holiday add',
    );
  });

  it('imports all entries or none', async () => {
    const entry = { exchange: 'XKRX', date: '2026-05-01', kind: 'closed', name: 'a', source: 'import' };
    expect(await refusal(call('holiday.import', { entries: [entry, { ...entry, exchange: 'NOPE' }] }))).toBe(
      'USAGE 2 unknown exchange "NOPE" (known: XKRX, XNYS)',
    );
    expect(await store.holidays.list()).toEqual([]);
    expect(await call('holiday.import', { entries: [entry] })).toEqual({ imported: 1 });
  });
});

describe('outbox methods', () => {
  it('retries by unique prefix and refuses an ambiguous one', async () => {
    const item = (id: string) => ({
      id,
      app: null,
      target: 't',
      connection: 'c',
      destination: '',
      kind: 'native' as const,
      payload: {},
      createdAt: 0,
    });
    await store.outbox.enqueue([item('aa-1'), item('aa-2'), item('bb-1')]);
    expect(await call('outbox.retry', { ids: ['bb'] })).toEqual({ retried: 1 });
    expect(await refusal(call('outbox.retry', { ids: ['aa'] }))).toBe('USAGE 2 "aa" matches 2 outbox items');
    expect(await call('outbox.purge', { dead: true })).toEqual({ delivered: 0, dead: 0 });
  });
});
