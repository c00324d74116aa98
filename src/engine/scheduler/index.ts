export { validateCron } from '../../platform/cron.ts';
export { Occurrences } from './occurrences.ts';
export type { ScheduleBackend } from './schedule-backend.ts';
export { resolveSchedule } from './schedule-spec.ts';
export { Scheduler } from './scheduler.ts';
export type {
  JobSchedule,
  MissedPolicy,
  Occurrence,
  OverlapPolicy,
  ScheduledJob,
  SchedulerOptions,
  SkippedOccurrence,
  SkipReason,
} from './types.ts';
