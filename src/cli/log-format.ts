import { localDateTime } from '../platform/dates.ts';
import { zoneOffsetMinutes } from '../platform/time.ts';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'name', 'msg', 'pid', 'hostname', 'v']);

/** `+09:00` for a zone at an instant. */
function offset(ms: number, timeZone: string): string {
  const minutes = zoneOffsetMinutes(ms, timeZone);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /[\s="]/.test(value) || value === '' ? JSON.stringify(value) : value;
  // Errors are logged as { type, message, stack }: the message is what a reader needs on the line.
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    return JSON.stringify((value as { message: string }).message);
  }
  return JSON.stringify(value) ?? String(value);
}

/**
 * One pino JSON line as a person reads it: time in the config's zone, level, source, message, then
 * the remaining fields as key=value. Lines that are not pino JSON (an app's console output, a crash
 * trace) are printed as they are.
 */
export function formatLogLine(line: string, timeZone: string): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.time !== 'number' || typeof entry.level !== 'number') return line;
  const time = `${localDateTime(entry.time, timeZone)}${offset(entry.time, timeZone)}`;
  const level = (LEVELS[entry.level] ?? String(entry.level)).padEnd(5);
  const source = typeof entry.name === 'string' ? ` ${entry.name}` : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => ` ${key}=${fieldValue(value)}`)
    .join('');
  return `${time} ${level}${source} ${String(entry.msg ?? '')}${fields}`;
}
