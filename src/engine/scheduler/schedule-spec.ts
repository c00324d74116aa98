import type { ScheduleSpec } from '../../contracts/schedule.ts';
import type { JobSchedule } from './types.ts';

type ScheduleFields = Exclude<ScheduleSpec, string>;

const onList = (on: string | string[] | undefined): string[] => (on === undefined ? [] : [on].flat());

function fieldsOf(spec: ScheduleSpec): ScheduleFields {
  return typeof spec === 'string' ? { cron: spec } : spec;
}

/**
 * The schedule a job runs on, from opsbot.yaml's `schedule:` (`spec`) and the app's built-in default.
 *
 * - `spec === false` turns the schedule off; neither given → null (the app only runs on demand).
 * - Otherwise field by field: the config's value, else the app default's, else the default below.
 *   A config string sets only the cron, so an app's `skip: [holidays:XKRX]` survives a changed
 *   time; write `skip: []` to drop it.
 * - Defaults: timezone = `globalTimezone`, skip = [], overlap = 'skip', missed = 'skip'.
 * - `on:` (only on these days: `trading-days:XNYS`, `last-trading-day:XKRX`) joins `skip`: both
 *   name calendars that are "closed" on the days the job must not run.
 *
 * The cron expression is not validated here (see `validateCron`).
 */
export function resolveSchedule(
  spec: ScheduleSpec | false | undefined,
  appDefault: ScheduleSpec | undefined,
  globalTimezone: string,
): JobSchedule | null {
  if (spec === false) return null;
  const config = spec === undefined ? undefined : fieldsOf(spec);
  const app = appDefault === undefined ? undefined : fieldsOf(appDefault);
  const cron = config?.cron ?? app?.cron;
  if (cron === undefined) return null;
  return {
    cron: cron.trim(),
    timezone: config?.timezone ?? app?.timezone ?? globalTimezone,
    skip: [...new Set([...(config?.skip ?? app?.skip ?? []), ...onList(config?.on ?? app?.on)])],
    overlap: config?.overlap ?? app?.overlap ?? 'skip',
    missed: config?.missed ?? app?.missed ?? 'skip',
  };
}
