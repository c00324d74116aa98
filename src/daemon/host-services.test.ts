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
      'BAD_ARGS enqueue: args.1: Invalid option: expected one of "portable"|"native"',
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
