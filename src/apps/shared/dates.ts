/**
 * Date and template helpers the built-in apps share (localDate and addDays come from `opsbot`).
 */
import { addDays } from 'opsbot';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Mon, Tue, … as the FEP file names spell them. */
export function weekdayName(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'Sun';
}

/** Replaces {key} with its value; unknown keys stay as written so a typo shows in the result. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** ISO 8601 week of a date as `2026-W10` (Monday-based; week 1 holds the year's first Thursday). */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const ordinal = Math.round(
    (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000,
  );
  return `${year}-W${String(Math.floor(ordinal / 7) + 1).padStart(2, '0')}`;
}
