import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import type { LeaseRepo } from '../../platform/store/cluster-types.ts';
import { type Backend, postgresBackend } from '../../platform/store/testing/backends.ts';
import type { Store } from '../../platform/store/types.ts';
import { LeaseKeeper } from './lease-keeper.ts';

const TTL = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition in real time (a few seconds at most). */
async function until<T>(what: string, check: () => T | undefined | false, ms = 3_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A clock whose timers all stop at kill(): the keeper then neither renews nor notices — a kill -9. */
function killableClock(): { clock: Clock; kill(): void } {
  const cancels = new Set<() => void>();
  let dead = false;
  const clock: Clock = {
    now: () => Date.now(),
    setTimer(fn, ms) {
      if (dead) return () => {};
      const cancel = systemClock.setTimer(() => {
        cancels.delete(cancel);
        fn();
      }, ms);
      cancels.add(cancel);
      return cancel;
    },
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
  };
  return {
    clock,
    kill() {
      dead = true;
      for (const cancel of cancels) cancel();
    },
  };
}

/** Records a keeper's callbacks for one lease, in order. */
function recorder() {
  const events: string[] = [];
  return {
    events,
    handlers: {
      onAcquire: (epoch: number) => void events.push(`acquire ${epoch}`),
      onLose: () => void events.push('lose'),
    },
  };
}

describe('LeaseKeeper (real Postgres)', () => {
  let backend: Backend;
  let store: Store;
  const keepers: LeaseKeeper[] = [];
  const keeper = (
    node: string,
    leases: LeaseRepo,
    clock: Clock = systemClock,
    ttl = TTL,
    log = silentLogger(),
  ) => {
    const k = new LeaseKeeper({ leases, node, ttl, clock, log });
    keepers.push(k);
    return k;
  };

  beforeAll(async () => {
    backend = await postgresBackend();
    store = await backend.open();
  });
  beforeEach(async () => {
    for (const k of keepers.splice(0)) await k.stop();
    await backend.reset();
  });
  afterAll(async () => {
    for (const k of keepers.splice(0)) await k.stop();
    await backend.dispose();
  });

  it('takes a free lease at start, keeps it renewed past the ttl, and fence() checks it in the database', async () => {
    const a = keeper('n1', store.leases);
    const rec = recorder();
    a.want('app:alerts', rec.handlers);
    await a.start();
    expect(a.held('app:alerts')).toBe(1);
    expect(rec.events).toEqual(['acquire 1']);
    await sleep(TTL * 2);
    expect(a.held('app:alerts')).toBe(1);
    expect(await a.fence('app:alerts')).toBe(true);
    expect(a.list()).toEqual([{ name: 'app:alerts', epoch: 1 }]);
    expect(rec.events).toEqual(['acquire 1']);
    expect(await a.fence('app:other')).toBe(false);
  });

  it('a killed holder: the other node takes over after the ttl with epoch + 1', async () => {
    const killable = killableClock();
    const a = keeper('n1', store.leases, killable.clock);
    const b = keeper('n2', store.leases);
    const recA = recorder();
    const recB = recorder();
    a.want('app:listener', recA.handlers);
    await a.start();
    b.want('app:listener', recB.handlers);
    await b.start();
    expect(b.held('app:listener')).toBeUndefined();
    killable.kill();
    const killedAt = Date.now();
    await until('b to take over', () => b.held('app:listener'));
    const took = Date.now() - killedAt;
    expect(b.held('app:listener')).toBe(2);
    expect(took).toBeGreaterThanOrEqual(TTL - TTL / 3 - 50);
    expect(took).toBeLessThan(TTL + TTL / 3 + 800);
    expect(recB.events).toEqual(['acquire 2']);
    // The killed node still believes it holds the lease; its fencing check says otherwise.
    expect(await a.fence('app:listener')).toBe(false);
    expect(a.held('app:listener')).toBeUndefined();
    await until('onLose of the killed node', () => recA.events.includes('lose'));
    expect(recA.events).toEqual(['acquire 1', 'lose']);
  });

  it('a clean stop: onLose first, then the other node has it within one renew tick', async () => {
    // A longer ttl here, so one tick (1 s) is clearly shorter than waiting for expiry (≥ 2 s).
    const ttl = 3_000;
    const a = keeper('n1', store.leases, systemClock, ttl);
    const b = keeper('n2', store.leases, systemClock, ttl);
    const order: string[] = [];
    a.want('connection:slack', {
      onAcquire: () => void order.push('a acquire'),
      onLose: async () => {
        await sleep(50);
        order.push('a lose');
      },
    });
    await a.start();
    b.want('connection:slack', {
      onAcquire: (epoch) => void order.push(`b acquire ${epoch}`),
      onLose: () => void order.push('b lose'),
    });
    await b.start();
    await a.stop();
    const stoppedAt = Date.now();
    expect(a.held('connection:slack')).toBeUndefined();
    await until('b to take it', () => b.held('connection:slack'));
    expect(Date.now() - stoppedAt).toBeLessThan(ttl / 3 + 700);
    expect(order).toEqual(['a acquire', 'a lose', 'b acquire 2']);
  });

  it('the database going away: the holder loses at its next renewal', async () => {
    const own = await backend.open();
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const a = keeper('n1', own.leases, systemClock, TTL, log);
    const rec = recorder();
    a.want('app:alerts', rec.handlers);
    await a.start();
    expect(a.held('app:alerts')).toBe(1);
    await own.close();
    await until('onLose', () => rec.events.includes('lose'));
    // Lost because the renewal failed, not later on the ttl − margin deadline.
    expect(lines.map((line) => JSON.parse(line).why)).toEqual([expect.stringMatching(/^renewal failed: /)]);
    expect(a.held('app:alerts')).toBeUndefined();
    expect(await a.fence('app:alerts')).toBe(false);
  });

  it('a renewal that hangs: the holder gives up on its own clock before the ttl ends', async () => {
    let hang = false;
    const hanging: LeaseRepo = {
      acquire: (...args) => (hang ? new Promise(() => {}) : store.leases.acquire(...args)),
      holds: (...args) => store.leases.holds(...args),
      release: (...args) => store.leases.release(...args),
      list: () => store.leases.list(),
    };
    const a = keeper('n1', hanging);
    const rec = recorder();
    a.want('app:alerts', rec.handlers);
    await a.start();
    const lastRenewal = Date.now();
    hang = true;
    await until('onLose', () => rec.events.includes('lose'));
    expect(Date.now() - lastRenewal).toBeLessThan(TTL);
    const [row] = await store.leases.list();
    // Given up while the database still says it is ours: no overlap with the next holder.
    expect(row).toMatchObject({ holder: 'n1', live: true });
  });

  it('unwant releases a held lease; a lost lease is taken again when free', async () => {
    const a = keeper('n1', store.leases);
    const b = keeper('n2', store.leases);
    const recA = recorder();
    a.want('app:x', recA.handlers);
    await a.start();
    b.want('app:x', recorder().handlers);
    await b.start();
    await a.unwant('app:x');
    expect(recA.events).toEqual(['acquire 1', 'lose']);
    expect(a.list()).toEqual([]);
    await until('b to take it', () => b.held('app:x'));
    a.want('app:x', recA.handlers);
    await b.unwant('app:x');
    await until('a to take it back', () => a.held('app:x'));
    expect(a.held('app:x')).toBe(3);
    expect(recA.events).toEqual(['acquire 1', 'lose', 'acquire 3']);
    expect(() => a.want('app:x', recA.handlers)).toThrow(/wanted already/);
  });
});
