import { FakeClock } from '../../platform/clock.ts';
import { Scheduler } from './scheduler.ts';
import { scheduleBackendCases } from './testing/schedule-backend-cases.ts';

/** The in-memory timers on a fake clock; cluster mode runs the same cases against BullMQ. */
scheduleBackendCases(
  'local (in-memory timers)',
  async () => {
    const clock = new FakeClock('2026-01-05T00:00:00Z');
    return {
      open: (options) => new Scheduler({ ...options, clock }),
      advance: (ms) => clock.advance(ms),
      now: () => clock.now(),
      shared: false,
      dispose: async () => {},
    };
  },
  { shared: false },
);
