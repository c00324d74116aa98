import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarProvider } from '../../calendars/types.ts';
import type { ScheduleBackend } from '../schedule-backend.ts';
import type { Occurrence, ScheduledJob, SchedulerOptions } from '../types.ts';

/** One place schedules are kept (memory, a Redis) and the time its backends see. */
export interface ScheduleBacking {
  /** A backend on this backing: another call is another node. */
  open(options: SchedulerOptions): ScheduleBackend;
  /** Moves time forward: a fake clock, or real waiting for a backend on real time. */
  advance(ms: number): Promise<void>;
  now(): number;
  /** Backends opened here share their schedules (cluster mode): each occurrence fires once in total. */
  readonly shared: boolean;
  dispose(): Promise<void>;
}

const quiet = pino({ level: 'silent' });

/** Every calendar name starting `closed` is closed every day; nothing else is known. */
const calendars: CalendarProvider = {
  knows: (name) => name.startsWith('closed'),
  isClosed: async () => true,
};

function job(id: string, cron: string, more: Partial<ScheduledJob> = {}): ScheduledJob {
  return { id, cron, timezone: 'UTC', skip: [], overlap: 'allow', missed: 'skip', ...more };
}

/** A node: its backend and what it fired and skipped, as (job, scheduledAt) pairs. */
function node(backing: ScheduleBacking, history: Record<string, number> = {}) {
  const fired: Array<{ id: string; at: number; trigger: Occurrence['trigger'] }> = [];
  const skipped: Array<{ id: string; at: number; reason: string }> = [];
  const backend = backing.open({
    clock: { now: backing.now, setTimer: () => () => {}, sleep: async () => {} },
    calendars,
    log: quiet,
    async fire(j, occ) {
      fired.push({ id: j.id, at: occ.scheduledAt, trigger: occ.trigger });
    },
    skipped(j, occ) {
      skipped.push({ id: j.id, at: occ.scheduledAt, reason: occ.reason });
    },
    lastScheduled: async (id) => history[id],
  });
  return { backend, fired, skipped };
}

/**
 * The ScheduleBackend contract. Crons have seconds (6 fields) so a backend on real time passes in a
 * few seconds; the local backend runs it on a fake clock. `open` gets options whose clock is a dummy:
 * the backing supplies its own time.
 */
export function scheduleBackendCases(
  name: string,
  makeBacking: () => Promise<ScheduleBacking>,
  /** Cluster backends share schedules between nodes: only they get the once-per-cluster case. */
  kind: { shared: boolean },
): void {
  describe(`ScheduleBackend conformance: ${name}`, () => {
    const open: ScheduleBacking[] = [];
    const backing = async () => {
      const b = await makeBacking();
      open.push(b);
      return b;
    };
    afterEach(async () => {
      for (const b of open.splice(0)) await b.dispose();
    });

    it('fires every occurrence once, at its instant, and reports the next one', async () => {
      const b = await backing();
      const n = node(b);
      const start = b.now();
      n.backend.set([job('tick', '* * * * * *')]);
      await n.backend.start();
      expect(n.backend.nextRun('tick')).toBe(start + 1000);
      await b.advance(3000);
      expect(n.fired).toEqual(
        [1, 2, 3].map((s) => ({ id: 'tick', at: start + s * 1000, trigger: 'schedule' })),
      );
      expect(n.backend.nextRun('tick')).toBe(start + 4000);
      expect(n.backend.nextRun('unknown')).toBeUndefined();
    });

    it('set() replaces the jobs: removed ones stop, changed ones re-arm, unchanged ones keep their time', async () => {
      const b = await backing();
      const n = node(b);
      const start = b.now();
      n.backend.set([
        job('keep', '*/2 * * * * *'),
        job('drop', '* * * * * *'),
        job('change', '*/3 * * * * *'),
      ]);
      await n.backend.start();
      await b.advance(1000);
      n.backend.set([job('keep', '*/2 * * * * *'), job('change', '* * * * * *')]);
      expect(n.backend.nextRun('drop')).toBeUndefined();
      expect(n.backend.nextRun('keep')).toBe(start + 2000);
      await b.advance(1000);
      expect(n.fired.map((f) => `${f.id}@${(f.at - start) / 1000}`).sort()).toEqual([
        'change@2',
        'drop@1',
        'keep@2',
      ]);
    });

    it('a closed calendar day skips the occurrence and says why', async () => {
      const b = await backing();
      const n = node(b);
      const start = b.now();
      n.backend.set([job('shut', '* * * * * *', { skip: ['closed-always'] })]);
      await n.backend.start();
      await b.advance(2000);
      expect(n.fired).toEqual([]);
      expect(n.skipped).toEqual([
        { id: 'shut', at: start + 1000, reason: 'closed: closed-always' },
        { id: 'shut', at: start + 2000, reason: 'closed: closed-always' },
      ]);
    });

    it("missed 'once' runs the latest occurrence missed since the history, once, on start", async () => {
      const b = await backing();
      const start = b.now();
      const n = node(b, { late: start - 10_000 });
      n.backend.set([job('late', '* * * * * *', { missed: 'once' })]);
      await n.backend.start();
      await b.advance(0);
      expect(n.fired).toEqual([{ id: 'late', at: start, trigger: 'missed' }]);
    });

    it('stop() fires nothing more', async () => {
      const b = await backing();
      const n = node(b);
      n.backend.set([job('tick', '* * * * * *')]);
      await n.backend.start();
      await b.advance(1000);
      await n.backend.stop();
      await b.advance(3000);
      expect(n.fired).toHaveLength(1);
      await n.backend.idle();
    });

    if (!kind.shared) return;
    it('fires each occurrence once per cluster when backends share the schedules', async () => {
      const b = await backing();
      expect(b.shared).toBe(true);
      const [one, two] = [node(b), node(b)];
      for (const n of [one, two]) {
        n.backend.set([job('tick', '* * * * * *')]);
        await n.backend.start();
      }
      await b.advance(3000);
      const all = [...one.fired, ...two.fired].map((f) => f.at).sort();
      expect(all).toHaveLength(3);
      expect(new Set(all).size).toBe(3);
    });
  });
}
