// Test support for the scheduler's tests (not a test itself): a fake clock, recorded fires and
// skips, captured log lines, and a run whose end the test decides.
import { type Logger, pino } from 'pino';
import { FakeClock } from '../../platform/clock.ts';
import { CalendarRegistry } from '../calendars/registry.ts';
import type { CalendarProvider } from '../calendars/types.ts';
import { Scheduler } from './scheduler.ts';
import type { Occurrence, ScheduledJob } from './types.ts';

export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
export const at = (text: string) => new Date(text).getTime();

export function job(id: string, cron: string, more: Partial<ScheduledJob> = {}): ScheduledJob {
  return { id, cron, timezone: 'UTC', skip: [], overlap: 'skip', missed: 'skip', ...more };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function captureLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug', base: undefined },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { log, lines };
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface HarnessOptions {
  start: string;
  /** lastScheduled answers, by job id, or a function answering for all. */
  history?: Record<string, string> | ((id: string) => Promise<number | undefined>);
  /** What a run does; default: ends at once. */
  run?: (job: ScheduledJob, occurrence: Occurrence) => Promise<void> | void;
  calendars?: CalendarProvider;
  clock?: FakeClock;
}

export function createHarness(options: HarnessOptions) {
  const clock = options.clock ?? new FakeClock(options.start);
  const { log, lines } = captureLog();
  const fired: Array<{ id: string; scheduledAt: string; trigger: string; firedAt: string }> = [];
  const skipped: Array<{ id: string; scheduledAt: string; reason: string }> = [];
  const historyAsked: string[] = [];
  const scheduler = new Scheduler({
    clock,
    log,
    calendars: options.calendars ?? new CalendarRegistry({ log }),
    async fire(job, occurrence) {
      fired.push({
        id: job.id,
        scheduledAt: iso(occurrence.scheduledAt),
        trigger: occurrence.trigger,
        firedAt: iso(clock.now()),
      });
      await options.run?.(job, occurrence);
    },
    skipped(job, occurrence) {
      skipped.push({ id: job.id, scheduledAt: iso(occurrence.scheduledAt), reason: occurrence.reason });
    },
    async lastScheduled(id) {
      historyAsked.push(id);
      if (typeof options.history === 'function') return options.history(id);
      const last = options.history?.[id];
      return last === undefined ? undefined : at(last);
    },
  });
  return { clock, scheduler, fired, skipped, lines, historyAsked };
}
