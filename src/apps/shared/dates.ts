/**
 * Date and template helpers the built-in apps share (localDate and addDays come from `opsbot`).
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Mon, Tue, … as the FEP file names spell them. */
export function weekdayName(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'Sun';
}

/** Replaces {key} with its value; unknown keys stay as written so a typo shows in the result. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}
