// Scheduler lateness: 200 jobs firing every second in the real Scheduler on the system clock.
// Lateness is how long after its scheduled instant each occurrence reached fire().
import { CalendarRegistry } from '../src/engine/calendars/registry.ts';
import { type ScheduledJob, Scheduler } from '../src/engine/scheduler/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { silentLogger } from '../src/platform/log.ts';
import {
  type CpuShares,
  cpuBetween,
  cpuSample,
  isMain,
  log,
  ms,
  type Summary,
  sleep,
  summarize,
} from './lib.ts';

export const LATENESS_TARGET_P99_MS = 20;

export interface LatenessResult {
  jobs: number;
  seconds: number;
  lateness: Summary;
  /** Occurrences the scheduler skipped (overlap or otherwise); each is a missed fire. */
  skipped: number;
  /** Who used the machine meanwhile ('sender' is this process, the scheduler itself). */
  cpu: CpuShares;
}

export async function benchSchedulerLateness(jobs = 200, seconds = 30): Promise<LatenessResult> {
  const samples: number[] = [];
  let skipped = 0;
  const log = silentLogger();
  const scheduler = new Scheduler({
    clock: systemClock,
    calendars: new CalendarRegistry({ log }),
    log,
    // Record and resolve at once: this measures the scheduler, not the work it starts.
    fire: async (_job, occurrence) => {
      samples.push(Date.now() - occurrence.scheduledAt);
    },
    skipped: () => {
      skipped++;
    },
    lastScheduled: async () => undefined,
  });
  const list: ScheduledJob[] = Array.from({ length: jobs }, (_, i) => ({
    id: `job-${i}`,
    cron: '* * * * * *',
    timezone: 'UTC',
    skip: [],
    overlap: 'skip',
    missed: 'skip',
  }));
  scheduler.set(list);
  const before = cpuSample();
  await scheduler.start();
  try {
    await sleep(seconds * 1000);
  } finally {
    await scheduler.stop();
    await scheduler.idle();
  }
  return { jobs, seconds, lateness: summarize(samples), skipped, cpu: cpuBetween(before, cpuSample()) };
}

export function describeLateness(r: LatenessResult): string {
  const l = r.lateness;
  return (
    `scheduler: ${r.jobs} jobs × every second for ${r.seconds} s → ${l.count} fires, ` +
    `lateness p50 ${ms(l.p50, 0)}, p99 ${ms(l.p99, 0)}, max ${ms(l.max, 0)}, skipped ${r.skipped} ` +
    `(CPU: scheduler ${r.cpu.senderPct.toFixed(0)}%, other processes ${r.cpu.othersPct.toFixed(0)}%, ` +
    `steal ${r.cpu.stealPct.toFixed(1)}%)`
  );
}

if (isMain(import.meta.url)) {
  log('scheduler lateness: 200 jobs every second for 30 s');
  const result = await benchSchedulerLateness();
  process.stdout.write(`${describeLateness(result)}\n`);
}
