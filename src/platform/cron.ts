import { Cron, type CronOptions, CronPattern } from 'croner';
import { errorMessage } from './errors.ts';

/**
 * croner options used everywhere, so validation and scheduling read expressions the same way:
 * 5 fields (minute first) or 6 (second first); day-of-month and day-of-week combine with OR as in
 * Vixie cron; `paused` and no callback, because croner only does the date math here.
 */
const BASE_OPTIONS: CronOptions = { mode: '5-or-6-parts', paused: true };

/** Any fixed instant works: it only proves the expression matches some date at all. */
const REFERENCE = new Date(Date.UTC(2000, 0, 1));

/**
 * A croner instance that reads the expression at a fixed UTC offset (minutes). Timezones are
 * handled by `Occurrences` on top of this: croner's own `timezone` mode costs ~0.4 ms per
 * computation and repeats instants around DST changes, the fixed-offset mode costs ~6 µs.
 */
export function cronAtOffset(expression: string, offsetMinutes: number): Cron {
  return new Cron(expression, { ...BASE_OPTIONS, utcOffset: offsetMinutes });
}

/**
 * Whether the expression fires in every hour of the day (`0 * * * *`, `*\/10 * * * *`,
 * `@hourly`). Such a job keeps its interval through the repeated hour when clocks fall back;
 * a job tied to particular hours runs once per wall-clock time instead.
 */
export function firesEveryHour(expression: string): boolean {
  const pattern = new CronPattern(expression.trim(), undefined, { mode: '5-or-6-parts' });
  return pattern.hour.every((on) => on !== 0);
}

/**
 * Checks a cron expression: 5 fields (minute hour day-of-month month day-of-week), 6 with a
 * seconds field first, or a nickname (`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`).
 * @returns a message saying what is wrong, or null when the expression is usable.
 */
export function validateCron(expression: string): string | null {
  const trimmed = expression.trim();
  if (trimmed === '') return 'cron expression is empty';
  if (!trimmed.startsWith('@')) {
    const fields = trimmed.split(/\s+/).length;
    if (fields !== 5 && fields !== 6) {
      return `expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got ${fields}`;
    }
  }
  let cron: Cron;
  try {
    cron = cronAtOffset(trimmed, 0);
  } catch (err) {
    const reason = errorMessage(err)
      .replace(/^Cron(Pattern|Options)?:\s*/, '')
      .replace(/exactly five, six, or seven/, 'exactly five or six');
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
  if (cron.nextRun(REFERENCE) === null) return 'never matches any date (e.g. 30 February)';
  return null;
}
