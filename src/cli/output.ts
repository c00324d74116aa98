import Table from 'cli-table3';
import { localDateTime } from '../platform/dates.ts';

/** Printing helpers: data goes to stdout, talk to stderr; --json output is one JSON document. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({ head, style: { head: process.stdout.isTTY ? ['cyan'] : [], border: [] } });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

export function relative(at: number, now = Date.now()): string {
  const diff = at - now;
  return diff >= 0 ? `in ${duration(diff)}` : `${duration(-diff)} ago`;
}

/** "2026-11-22 07:30" in a timezone. */
export function localTime(at: number, timezone: string): string {
  return localDateTime(at, timezone);
}
