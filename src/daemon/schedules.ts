import { resolveSchedule, type ScheduledJob } from '../engine/scheduler/index.ts';
import type { LoadedConfig } from '../platform/config/schema.ts';
import type { AppEntry } from './supervisor.ts';

/**
 * The scheduler's jobs for a runtime: the config's schedule wins over the app's default. `shared`
 * (cluster mode): the schedules are the cluster's, so an app stopped or in standby on this node
 * keeps its job (other nodes fire it; this one hands its occurrences on), and an app restarting
 * keeps the default schedule it last declared.
 */
export function jobsFor(
  runtime: { config: LoadedConfig; apps: ReadonlyMap<string, AppEntry> },
  { shared = false } = {},
): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  for (const entry of runtime.apps.values()) {
    const ready = shared ? (entry.process.ready ?? entry.process.registered) : entry.process.ready;
    if (ready && !ready.hasRun) continue;
    // `opsbot stop APP` pauses the schedule: no runs, no errors, no next run until `start APP`.
    if (entry.process.paused && !shared) continue;
    const spec = resolveSchedule(entry.config.schedule, ready?.schedule, runtime.config.timezone);
    if (spec) jobs.push({ id: entry.name, ...spec });
  }
  return jobs;
}
