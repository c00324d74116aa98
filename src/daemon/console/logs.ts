import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { logLine } from '../../contracts/daemon-api/console.ts';
import { secretRedactor } from '../../platform/redact.ts';

type LogLine = z.output<typeof logLine>;

const LEVEL_NAMES: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const LEVEL_RANK: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
/** Rotated files (`app.log.1`, …) read at most: the console shows recent lines, not the archive. */
const MAX_FILES = 5;
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

export interface LogQuery {
  lines: number;
  level?: 'debug' | 'info' | 'warn' | 'error';
  search?: string;
}

/**
 * The last `lines` lines of an app's log (`logDir/<app>.log`, then its rotated files) that pass the
 * filters, newest last. pino JSON lines are parsed; any other line (console output, a crash trace)
 * is kept as its text at level info. `search` matches the line's text, case-insensitively.
 */
export function readAppLog(logDir: string, app: string, query: LogQuery): LogLine[] {
  const file = path.join(logDir, `${app}.log`);
  const needle = query.search?.toLowerCase();
  const least = query.level ? LEVEL_RANK[query.level]! : 0;
  const found: LogLine[] = [];
  for (let n = 0; n < MAX_FILES && found.length < query.lines; n++) {
    const name = n === 0 ? file : `${file}.${n}`;
    if (!existsSync(name)) break;
    const text = readFileSync(name, 'utf8').split('\n');
    const kept: LogLine[] = [];
    for (const written of text) {
      if (!written.trim()) continue;
      // The logger scrubs its own lines; an app's console output reaches the file as it was printed.
      const raw = secretRedactor.redact(written);
      if (needle && !raw.toLowerCase().includes(needle)) continue;
      const line = parseLine(raw);
      if ((LEVEL_RANK[line.level] ?? 30) >= least) kept.push(line);
    }
    found.unshift(...kept.slice(-(query.lines - found.length)));
  }
  return found;
}

export function parseLine(raw: string): LogLine {
  let entry: unknown;
  try {
    entry = JSON.parse(raw);
  } catch {
    entry = undefined;
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return plain(raw);
  const e = entry as Record<string, unknown>;
  if (typeof e.level !== 'number' || typeof e.time !== 'number') return plain(raw);
  const fields = Object.fromEntries(Object.entries(e).filter(([key]) => !SHOWN_ELSEWHERE.has(key)));
  return {
    time: e.time,
    level: LEVEL_NAMES[e.level] ?? String(e.level),
    msg: typeof e.msg === 'string' ? e.msg : '',
    fields,
  };
}

function plain(raw: string): LogLine {
  return { time: null, level: 'info', msg: raw, fields: {} };
}
