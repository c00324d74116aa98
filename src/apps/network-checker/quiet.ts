/** Quiet hours: a daily window ('00:00'–'06:00', may wrap midnight) in a timezone. */

export interface QuietHours {
  from: string;
  to: string;
  timezone?: string | undefined;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes since local midnight in the timezone (UTC when none is given). */
export function localMinutes(now: number, timezone = 'UTC'): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Whether `now` falls in [from, to). Equal bounds mean no quiet hours. */
export function inQuietHours(now: number, quiet: QuietHours | undefined): boolean {
  if (!quiet) return false;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  const t = localMinutes(now, quiet.timezone);
  return from < to ? t >= from && t < to : t >= from || t < to;
}
