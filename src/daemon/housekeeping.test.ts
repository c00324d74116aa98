import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../platform/clock.ts';
import { configSchema } from '../platform/config/schema.ts';
import { silentLogger } from '../platform/log.ts';
import { type Backend, sqliteBackend } from '../platform/store/testing/backends.ts';
import { outboxItem } from '../platform/store/testing/outbox-cases.ts';
import type { Store } from '../platform/store/types.ts';
import { Housekeeping, SWEEP_EVERY } from './housekeeping.ts';

const DAY = 86_400_000;

describe('Housekeeping', () => {
  let backend: Backend;
  let store: Store;
  beforeAll(async () => {
    backend = await sqliteBackend();
    store = await backend.open();
  });
  afterAll(() => backend.dispose());

  it('purges delivered and dead items and finished runs after 30 days, handled inbox rows after 7, expired sessions, audit after 90, by default', async () => {
    const clock = new FakeClock('2026-12-01T00:00:00Z');
    const now = clock.now();
    const defaults = configSchema.parse({});
    expect([defaults.outbox.retention, defaults.runs.retention, defaults.inbox.retention]).toEqual([
      30 * DAY,
      30 * DAY,
      7 * DAY,
    ]);
    const [oldDelivered, newDelivered, oldDead, oldPending] = [
      outboxItem({ createdAt: now - 40 * DAY }),
      outboxItem({ createdAt: now - 40 * DAY }),
      outboxItem({ createdAt: now - 31 * DAY }),
      outboxItem({ createdAt: now - 60 * DAY }),
    ];
    await store.outbox.enqueue([oldDelivered!, newDelivered!, oldDead!, oldPending!]);
    await store.outbox.markDelivered(oldDelivered!.id, now - 31 * DAY);
    await store.outbox.markDelivered(newDelivered!.id, now - 29 * DAY);
    await store.outbox.markDead(oldDead!.id, 'HTTP 404');

    const oldRun = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: now - 31 * DAY });
    await store.runs.finish(oldRun, { endedAt: now - 31 * DAY, outcome: 'ok' });
    const lastRun = await store.runs.start({ app: 'a', trigger: 'manual', startedAt: now - DAY });
    await store.runs.finish(lastRun, { endedAt: now - DAY, outcome: 'ok' });

    const event = (key: string, age: number) =>
      store.inbox.insert({ connection: 'slack', dedupeKey: key, payload: {}, receivedAt: now - age });
    const oldEvent = await event('old', 8 * DAY);
    const recentEvent = await event('recent', 6 * DAY);
    const unrouted = await event('unrouted', 8 * DAY);
    await store.inbox.markDone(oldEvent.id);
    await store.inbox.markDone(recentEvent.id);

    expect(await store.fires.claim('a', now - 31 * DAY, 'n1')).toBe(true);
    expect(await store.fires.claim('a', now - DAY, 'n1')).toBe(true);

    const session = { user: 'alice', csrf: 'c', createdAt: 1, lastSeenAt: 1 };
    await store.consoleSessions.create({ ...session, id: 'expired', expiresAt: now - 1 });
    await store.consoleSessions.create({ ...session, id: 'live', expiresAt: now + 1 });
    const audit = {
      actor: 'alice',
      via: 'cli',
      action: 'app.run',
      target: 'a',
      args: {},
      outcome: 'ok',
      error: null,
    } as const;
    await store.audit.add({ ...audit, at: now - 91 * DAY });
    const kept = await store.audit.add({ ...audit, at: now - 89 * DAY });

    const housekeeping = new Housekeeping({ store, clock, log: silentLogger(), retention: () => defaults });
    expect(await housekeeping.sweep()).toEqual({
      delivered: 1,
      dead: 1,
      runs: 1,
      inbox: 1,
      fires: 1,
      nodes: 0,
      sessions: 1,
      audit: 1,
    });
    expect(await store.consoleSessions.get('live')).toBeDefined();
    expect(await store.consoleSessions.get('expired')).toBeUndefined();
    // 90 days at least, though runs.retention is 30.
    expect((await store.audit.list()).map((e) => e.id)).toEqual([kept]);
    expect(await store.fires.list('a')).toEqual([{ scheduledAt: now - DAY, node: 'n1' }]);
    expect((await store.outbox.list()).map((i) => i.id).sort()).toEqual(
      [newDelivered!.id, oldPending!.id].sort(),
    );
    expect((await store.runs.list('a')).map((r) => r.id)).toEqual([lastRun]);
    expect(await store.inbox.get(oldEvent.id)).toBeUndefined();
    expect(await store.inbox.get(recentEvent.id)).toBeDefined();
    expect(await store.inbox.get(unrouted.id)).toBeDefined();
    // Within inbox.retention a retried callback is still recognised as a duplicate.
    expect((await event('recent', 6 * DAY)).inserted).toBe(false);

    // Started, it sweeps at once and then hourly with the retention it reads at that moment.
    housekeeping.start();
    await housekeeping.stop();
    const shorter = { ...defaults, outbox: { retention: 20 * DAY } };
    const running = new Housekeeping({ store, clock, log: silentLogger(), retention: () => shorter });
    running.start();
    await clock.advance(SWEEP_EVERY);
    await running.stop();
    expect((await store.outbox.list()).map((i) => i.id)).toEqual([oldPending!.id]);
  });
});
