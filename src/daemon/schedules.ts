import { resolveSchedule, type ScheduledJob } from '../engine/scheduler/index.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import type { Supervisor } from './supervisor.ts';

/** The scheduler's jobs for the running config: the config's schedule wins over the app's default. */
export function jobsFor(config: LoadedConfig, supervisor: Supervisor): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  for (const entry of supervisor.entries.values()) {
    const ready = entry.process.ready;
    if (ready && !ready.hasRun) continue;
    const spec = resolveSchedule(entry.config.schedule, ready?.schedule, config.timezone);
    if (spec) jobs.push({ id: entry.name, ...spec });
  }
  return jobs;
}
