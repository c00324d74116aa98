import { describe, expect, it } from 'vitest';
import { FakeClock } from '../platform/clock.ts';
import { silentLogger } from '../platform/log.ts';
import type { Store } from '../platform/store/types.ts';
import { MIN_FREE_BYTES, StoreHealth } from './store-health.ts';

/** A store whose kv writes fail while `failing` is set, as SQLite does on a full disk. */
function fakeStore() {
  const state = { failing: false, writes: 0 };
  const store = {
    kv: {
      async set() {
        if (state.failing) throw new Error('database or disk is full');
        state.writes++;
      },
    },
  } as unknown as Store;
  return { store, state };
}

describe('StoreHealth', () => {
  it('is unhealthy while space is short or writes fail, naming the cause, and recovers by itself', async () => {
    const clock = new FakeClock();
    const { store, state } = fakeStore();
    let free = 10 * MIN_FREE_BYTES;
    const health = new StoreHealth({
      store,
      dataDir: '/srv/opsbot',
      clock,
      log: silentLogger(),
      freeBytes: async () => free,
    });
    health.start();
    await clock.advance(0);
    expect(health.current).toEqual({ ok: true });
    expect(state.writes).toBe(1);

    free = 4096;
    await clock.advance(2000);
    expect(health.current).toEqual({
      ok: false,
      cause: 'no space left on device: 4096 bytes free for dataDir /srv/opsbot',
    });

    free = 10 * MIN_FREE_BYTES;
    state.failing = true;
    await clock.advance(2000);
    expect(health.current).toEqual({ ok: false, cause: 'store cannot write: database or disk is full' });

    state.failing = false;
    await clock.advance(2000);
    expect(health.current).toEqual({ ok: true });

    // A failure seen elsewhere (an inbound insert) counts at once, until the next check passes.
    health.failed(new Error('SQLITE_FULL'));
    expect(health.current.ok).toBe(false);
    await clock.advance(2000);
    expect(health.current).toEqual({ ok: true });
    await health.stop();
  });
});
