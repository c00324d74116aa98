/** HH:MM times of day, as the HR site and the forms write them. */

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight, or undefined when the text is not a 24-hour HH:MM. */
export function minutesOf(time: string): number | undefined {
  const m = TIME.exec(time.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function isTime(time: string): boolean {
  return minutesOf(time) !== undefined;
}

/** The time `hours` later the same day, or undefined when that passes midnight. */
export function addHours(time: string, hours: number): string | undefined {
  const start = minutesOf(time);
  if (start === undefined) return undefined;
  const end = start + hours * 60;
  if (end >= 24 * 60) return undefined;
  return `${pad(Math.floor(end / 60))}:${pad(end % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
