import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../connectors/types.ts';
import type { CalendarApi } from '../contracts/calendar.ts';
import { openStore } from '../platform/store/open.ts';
import type { Store } from '../platform/store/types.ts';
import { createHostServices } from './host-services.ts';

/** The app API as the daemon serves it: per-app state, validated arguments, exact refusals. */

let store: Store;
let call: ReturnType<typeof createHostServices>;
const enqueued: unknown[] = [];

beforeEach(async () => {
  store = await openStore({ url: 'sqlite', dataDir: '', masterKey: Buffer.alloc(32), memory: true });
  enqueued.length = 0;
  const works = {
    name: 'works',
    type: 'naverworks',
    client: { directory: { find: async (n: string) => [n] } },
  };
  call = createHostServices({
    store,
    outbox: {
      enqueue: async (item) => {
        enqueued.push(item);
        return ['id-1'];
      },
      // As the Outbox answers: an unknown target is left out and reported by its index.
      enqueueMany: async (app, messages, state) => {
        enqueued.push({ app, messages, state });
        const failed = messages.flatMap((m, index) =>
          m.target === 'nowhere' ? [{ index, error: 'unknown target "nowhere"' }] : [],
        );
        return { ids: messages.map((m, i) => (m.target === 'nowhere' ? [] : [`id-${i}`])), failed };
      },
    },
    calendar: { isClosed: async (c: string, d?: string) => `${c} ${d}` } as unknown as CalendarApi,
    connectors: () => new Map([['works', works as unknown as Connector]]),
  });
});
afterEach(() => store.close());

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => 'no refusal',
    (e: Error & { code?: string }) => `${e.code} ${e.message}`,
  );

describe('the app API', () => {
  it('keeps each app’s state apart', async () => {
    await call('a', 'kv.set', ['k', { n: 1 }]);
    expect(await call('a', 'kv.get', ['k'])).toEqual({ n: 1 });
    expect(await call('b', 'kv.get', ['k'])).toBeUndefined();
    expect(await call('a', 'kv.list', [undefined])).toEqual([{ key: 'k', value: { n: 1 } }]);
    expect(await call('a', 'kv.delete', ['k'])).toBe(true);
  });

  it('enqueues for the calling app, and checks a portable message first', async () => {
    expect(await call('a', 'enqueue', ['ops', 'portable', { text: 'hi' }])).toEqual({ ids: ['id-1'] });
    expect(enqueued).toEqual([{ app: 'a', target: 'ops', kind: 'portable', payload: { text: 'hi' } }]);
    expect(await refusal(call('a', 'enqueue', ['ops', 'portable', { text: 1 }]))).toBe(
      'MESSAGE invalid message: text Invalid input: expected string, received number',
    );
    expect(await refusal(call('a', 'enqueue', ['ops', 'fax', {}]))).toBe(
      'BAD_ARGS enqueue: args.1: Invalid option: expected one of "portable"|"native"|"batch"',
    );
  });

  it('takes a batch: bad messages and targets are answered by index, the rest go with the state', async () => {
    const batch = {
      messages: [
        { target: 'ops', kind: 'portable', payload: { text: 'one' } },
        { target: 'ops', kind: 'portable', payload: { text: 2 } },
        { target: 'nowhere', kind: 'portable', payload: { text: 'three' } },
        { target: 'ops', kind: 'native', payload: { raw: true } },
      ],
      set: [{ key: 'c/x', value: 1 }],
      delete: ['j/1'],
    };
    expect(await call('a', 'enqueue', ['*', 'batch', batch])).toEqual({
      ids: ['id-0', 'id-2'],
      failed: [
        { index: 1, error: 'invalid message: text Invalid input: expected string, received number' },
        { index: 2, error: 'unknown target "nowhere"' },
      ],
    });
    expect(enqueued).toEqual([
      {
        app: 'a',
        messages: [batch.messages[0], batch.messages[2], batch.messages[3]],
        state: { set: [{ key: 'c/x', value: 1 }], delete: ['j/1'] },
      },
    ]);
    // State alone goes straight to the app's state, in one write.
    await call('a', 'kv.set', ['j/2', 'journaled']);
    await call('a', 'enqueue', [
      '*',
      'batch',
      { messages: [], set: [{ key: 'j/3', value: 3 }], delete: ['j/2'] },
    ]);
    expect(await call('a', 'kv.list', ['j/'])).toEqual([{ key: 'j/3', value: 3 }]);
    expect(await refusal(call('a', 'enqueue', ['ops', 'batch', { messages: [] }]))).toBe(
      'MESSAGE invalid batch: target must be "*"',
    );
  });

  it('calls calendar functions and connector methods by name, and nothing else', async () => {
    expect(await call('a', 'calendar', ['isClosed', ['XKRX', '2026-01-01']])).toBe('XKRX 2026-01-01');
    expect(await call('a', 'connector', ['works', 'directory.find', ['kim']])).toEqual(['kim']);
    expect(await call('a', 'connections', ['naverworks'])).toEqual([{ name: 'works', type: 'naverworks' }]);
    expect(await refusal(call('a', 'connector', ['works', 'constructor', []]))).toBe(
      'CONNECTOR connection "works" (naverworks) has no client method constructor()',
    );
    expect(await refusal(call('a', 'connector', ['slack', 'x', []]))).toBe(
      'CONNECTOR no connection named "slack"',
    );
    expect(await refusal(call('a', 'kv.get', []))).toBe(
      'BAD_ARGS kv.get: args: Too small: expected array to have >=1 items',
    );
    expect(await refusal(call('a', 'forms.open', []))).toBe('UNKNOWN_METHOD unknown method "forms.open"');
  });
});
