import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import { redisOptions } from '../../platform/redis/connection.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from '../../platform/redis/testing/redis.ts';
import { occurrencesStrategy } from './bullmq/repeat.ts';
import {
  BullScheduleBackend,
  type BullScheduleBackendOptions,
  SCHEDULES_QUEUE,
} from './bullmq-schedule-backend.ts';
import { MemoryFires } from './testing/memory-fires.ts';
import type { ScheduledJob } from './types.ts';

const quiet = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` until it holds or `ms` pass; a busy machine may hand BullMQ's jobs out late. */
async function until(done: () => boolean, ms = 6000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(20);
}

function job(id: string, more: Partial<ScheduledJob> = {}): ScheduledJob {
  return { id, cron: '* * * * * *', timezone: 'UTC', skip: [], overlap: 'allow', missed: 'skip', ...more };
}

interface Fired {
  node: string;
  id: string;
  at: number;
  trigger: string;
  began: number;
  ended: number;
}

/** Several nodes on one Redis prefix and one fire table; every fire and skip recorded with its node. */
function cluster(
  more: { runMs?: number; history?: (id: string) => number | undefined; resyncInterval?: number } = {},
) {
  const prefix = uniquePrefix();
  const fires = new MemoryFires();
  const fired: Fired[] = [];
  const skipped: Array<{ node: string; id: string; at: number; reason: string }> = [];
  const backends: BullScheduleBackend[] = [];
  let running = 0;
  let maxRunning = 0;
  const node = (name: string, options: Partial<BullScheduleBackendOptions> = {}) => {
    const backend = new BullScheduleBackend({
      clock: systemClock,
      calendars: { knows: () => false, isClosed: async () => false },
      log: quiet,
      async fire(j, occ) {
        const entry = {
          node: name,
          id: j.id,
          at: occ.scheduledAt,
          trigger: occ.trigger,
          began: Date.now(),
          ended: 0,
        };
        fired.push(entry);
        maxRunning = Math.max(maxRunning, ++running);
        await sleep(more.runMs ?? 0);
        running--;
        entry.ended = Date.now();
      },
      skipped(j, occ) {
        skipped.push({ node: name, id: j.id, at: occ.scheduledAt, reason: occ.reason });
      },
      lastScheduled: async (id) => more.history?.(id),
      redis: TEST_REDIS_URL,
      prefix,
      node: name,
      fires,
      resyncInterval: more.resyncInterval,
      ...options,
    });
    backends.push(backend);
    return backend;
  };
  const dispose = async () => {
    for (const backend of backends) await backend.stop();
    await Promise.all(backends.map((backend) => backend.idle()));
    await dropPrefix(prefix);
  };
  return { prefix, fires, fired, skipped, node, dispose, maxRunning: () => maxRunning };
}

/** Instants of a `* * * * * *` job strictly after `from` and at or before `to`. */
function seconds(from: number, to: number): number[] {
  const out: number[] = [];
  for (let at = Math.floor(from / 1000) * 1000 + 1000; at <= to; at += 1000) out.push(at);
  return out;
}

/** Waits (a while) for the occurrences in (from, to] to fire, all but `lost` of them. */
function firing(fired: Fired[], from: number, to: number, lost = 0): Promise<void> {
  const ats = () => new Set(fired.map((f) => f.at));
  return until(() => seconds(from, to).filter((at) => !ats().has(at)).length <= lost, 3000);
}

describe('BullScheduleBackend: a cluster of nodes on one Redis', () => {
  const open: Array<() => Promise<void>> = [];
  const make = (...args: Parameters<typeof cluster>) => {
    const c = cluster(...args);
    open.push(c.dispose);
    return c;
  };
  afterEach(async () => {
    for (const dispose of open.splice(0)) await dispose();
  });

  it('three nodes fire each occurrence exactly once in total, with none left out', async () => {
    const c = make();
    const nodes = ['a', 'b', 'c'].map((name) => c.node(name));
    for (const n of nodes) n.set([job('tick')]);
    await Promise.all(nodes.map((n) => n.start()));
    const from = Date.now();
    await sleep(4500);
    const to = Date.now() - 400;
    await firing(c.fired, from, to);
    const ats = c.fired.map((f) => f.at).filter((at) => at > from && at <= to);
    expect(ats.length).toBe(new Set(ats).size);
    expect(ats.sort()).toEqual(seconds(from, to));
    expect(c.fired.every((f) => f.trigger === 'schedule')).toBe(true);
  });

  it('a node closing mid-way loses at most one occurrence, and none runs twice', async () => {
    const c = make();
    const nodes = ['a', 'b', 'c'].map((name) => c.node(name));
    for (const n of nodes) n.set([job('tick')]);
    await Promise.all(nodes.map((n) => n.start()));
    const from = Date.now();
    await sleep(2200);
    await nodes[2]?.stop();
    await sleep(2800);
    const to = Date.now() - 400;
    await firing(c.fired, from, to, 1);
    const ats = c.fired.map((f) => f.at).filter((at) => at > from && at <= to);
    expect(ats.length).toBe(new Set(ats).size);
    const lost = seconds(from, to).filter((at) => !ats.includes(at));
    expect(lost.length).toBeLessThanOrEqual(1);
    expect(c.fired.filter((f) => f.node === 'c' && f.began > from + 2300)).toEqual([]);
  });

  it('a node that cannot run the job (standby there) hands each occurrence to the runner, and keeps its scheduler', async () => {
    const c = make();
    // a: the app is in standby here and its default schedule unknown (not in set()), but the config owns it.
    const runnerOf = async () => 'b';
    const a = c.node('a', { canFire: () => false, owned: (id) => id === 'tick', runnerOf });
    const b = c.node('b', { owned: (id) => id === 'tick', runnerOf });
    a.set([]);
    b.set([job('tick')]);
    await Promise.all([b.start(), a.start()]);
    a.set([]); // a later set() without the job must not remove b's scheduler either
    const from = Date.now();
    await sleep(3500);
    const to = Date.now() - 400;
    await firing(c.fired, from, to);
    const ats = c.fired.filter((f) => f.at > from && f.at <= to);
    expect(ats.map((f) => f.node)).toEqual(ats.map(() => 'b'));
    expect(ats.map((f) => f.at).sort()).toEqual(seconds(from, to));
  });

  /** Node a fires the first occurrence, then stops (its run goes on); node b gets the next ones. */
  async function handOver(c: ReturnType<typeof cluster>, scheduled: ScheduledJob) {
    const [a, b] = [c.node('a'), c.node('b')];
    a.set([scheduled]);
    await a.start();
    while (c.fired.length === 0) await sleep(20);
    await a.stop();
    b.set([scheduled]);
    await b.start();
    return { a, b, first: c.fired[0] as Fired };
  }

  it("overlap 'skip' counts a run on any node: another node drops the occurrence", async () => {
    const c = make({ runMs: 2500 });
    const { first } = await handOver(c, job('slow', { overlap: 'skip' }));
    await until(() => c.fired.length >= 2);
    expect(c.skipped).toContainEqual({ node: 'b', id: 'slow', at: first.at + 1000, reason: 'overlap' });
    expect(c.skipped).toContainEqual({ node: 'b', id: 'slow', at: first.at + 2000, reason: 'overlap' });
    expect(c.fired.map((f) => [f.node, f.at - first.at])).toEqual([
      ['a', 0],
      ['b', 3000],
    ]);
    expect(c.maxRunning()).toBe(1);
  });

  it("overlap 'queue' keeps one occurrence waiting cluster-wide and runs it after the run", async () => {
    const c = make({ runMs: 1500 });
    const { first } = await handOver(c, job('slow', { overlap: 'queue' }));
    await until(() => c.skipped.some((s) => s.at >= first.at + 3000));
    // +1 s waited in the queue while a ran; +2 s found nothing running and ran the queued one
    // first (taking its place in the queue); +3 s found the queue full.
    const second = c.fired[1];
    expect(second).toMatchObject({ node: 'b', at: first.at + 1000, trigger: 'schedule' });
    expect(second?.began).toBeGreaterThanOrEqual(first.ended);
    expect(c.skipped).toEqual([{ node: 'b', id: 'slow', at: first.at + 3000, reason: 'overlap' }]);
    expect(c.maxRunning()).toBe(1);
  });

  it("missed 'skip' drops the stale occurrence, 'once' runs the latest once, after a pause with no worker", async () => {
    const c = make();
    const jobs = [job('drop', { missed: 'skip' }), job('once', { missed: 'once' })];
    const a = c.node('a');
    a.set(jobs);
    await a.start();
    await sleep(1200);
    await a.stop();
    await a.idle();
    const paused = Date.now();
    await sleep(3200);
    const b = c.node('b');
    b.set(jobs);
    const resumed = Date.now();
    await b.start();
    await sleep(1700);
    const during = (id: string) =>
      c.fired.filter((f) => f.id === id && f.at > paused && f.at < resumed - 1000);
    expect(during('drop')).toEqual([]);
    expect(during('once')).toEqual([]);
    const missed = c.fired.filter((f) => f.trigger === 'missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ node: 'b', id: 'once' });
    expect(missed[0]?.at).toBeGreaterThan(resumed - 1000);
    // Afterwards both run on schedule again.
    for (const id of ['drop', 'once']) {
      expect(c.fired.some((f) => f.id === id && f.trigger === 'schedule' && f.at > resumed)).toBe(true);
    }
  });

  it("missed 'once' on start: three nodes starting together run the missed occurrence once", async () => {
    const started = Date.now();
    const c = make({ history: () => started - 3 * 3_600_000, runMs: 1500 });
    const nodes = ['a', 'b', 'c'].map((name) => c.node(name));
    for (const n of nodes) n.set([job('hourly', { cron: '0 0 * * * *', missed: 'once' })]);
    await Promise.all(nodes.map((n) => n.start()));
    // start() waits for the catch-up run to begin, not to end.
    expect(c.fired).toHaveLength(1);
    expect(c.fired[0]?.ended).toBe(0);
    await Promise.all(nodes.map((n) => n.idle()));
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect(c.fired.map((f) => [f.id, f.at, f.trigger])).toEqual([['hourly', hour, 'missed']]);
  });

  it('Redis losing every key (restarted without persistence): the periodic resync brings schedules back', async () => {
    const c = make({ resyncInterval: 1000 });
    const a = c.node('a');
    a.set([job('tick')]);
    await a.start();
    await sleep(1200);
    await dropPrefix(c.prefix);
    const dropped = Date.now();
    await sleep(3000);
    expect(c.fired.filter((f) => f.at > dropped + 1200).length).toBeGreaterThanOrEqual(1);
  });

  it('Redis losing every key and the connection: schedules come back as soon as it is ready again', async () => {
    const c = make();
    const a = c.node('a');
    a.set([job('tick')]);
    await a.start();
    await sleep(1200);
    await dropPrefix(c.prefix);
    const dropped = Date.now();
    await sleep(1500);
    // Nothing fires while the scheduler is gone (the default resync is 30 s away) …
    expect(c.fired.filter((f) => f.at > dropped + 1000)).toEqual([]);
    // … until the backend's connection drops and comes back, as after a Redis restart.
    const admin = new Redis({ ...redisOptions(TEST_REDIS_URL), maxRetriesPerRequest: 3 });
    try {
      const clients = String(await admin.client('LIST')).split('\n');
      const ours = clients.filter((line) => line.includes(` name=${c.prefix}:schedules:a `));
      expect(ours).toHaveLength(1);
      const id = /\bid=(\d+)/.exec(ours[0] ?? '')?.[1];
      await admin.client('KILL', 'ID', String(id));
    } finally {
      admin.disconnect();
    }
    const killed = Date.now();
    await sleep(2000);
    expect(c.fired.filter((f) => f.at > killed).length).toBeGreaterThanOrEqual(1);
  });

  it('an occurrence taken by a node killed before it fired is handed to another node and fires once', async () => {
    const c = make();
    const scheduled = job('even', { cron: '*/2 * * * * *' });
    // Every worker on the queue the same lock settings: a stalled check blocks the others' for its interval.
    const a = c.node('a', { lockDuration: 1000 });
    a.set([scheduled]);
    await a.start();
    await a.stop();
    await a.idle();
    // A node that takes the next occurrence and dies: its lock is never renewed nor released.
    let taken: number | undefined;
    const doomed = new Worker(
      SCHEDULES_QUEUE,
      async (j) => {
        taken = Number(j.id?.split(':').pop());
        await new Promise(() => {});
      },
      {
        connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions,
        prefix: c.prefix,
        lockDuration: 1000,
        stalledInterval: 500,
        settings: { repeatStrategy: occurrencesStrategy },
      },
    );
    while (taken === undefined) await sleep(20);
    await doomed.close(true);
    const b = c.node('b', { lockDuration: 1000 });
    b.set([scheduled]);
    await b.start();
    await sleep((taken ?? 0) + 2500 - Date.now());
    // Handed out again within 1.5 lock durations, before the next occurrence was due: on schedule.
    const at = taken ?? 0;
    expect(c.fired.map((f) => [f.node, f.at, f.trigger])).toEqual([
      ['b', at, 'schedule'],
      ['b', at + 2000, 'schedule'],
    ]);
    expect((await c.fires.list('even')).map((f) => f.scheduledAt)).toEqual([at, at + 2000]);
  });

  it("nicknames, 5-field crons and zones: BullMQ's next job is the instant nextRun() reports", async () => {
    const c = make();
    const a = c.node('a');
    const jobs = [
      job('daily', { cron: '@daily', timezone: 'Asia/Seoul' }),
      job('weekdays', { cron: '30 7 * * 1-5', timezone: 'America/New_York' }),
      job('seconds', { cron: '30 15 * * * *' }),
    ];
    a.set(jobs);
    await a.start();
    const queue = new Queue(SCHEDULES_QUEUE, {
      connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions,
      prefix: c.prefix,
    });
    try {
      for (const { id } of jobs) {
        const scheduler = await queue.getJobScheduler(id);
        expect(scheduler?.next).toBe(a.nextRun(id));
      }
      const daily = a.nextRun('daily') ?? 0;
      expect(new Date(daily).toISOString()).toMatch(/T15:00:00\.000Z$/);
    } finally {
      await queue.close();
    }
  });
});
