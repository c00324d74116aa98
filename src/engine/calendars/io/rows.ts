/**
 * What every import format boils down to: loosely typed rows with the line they came from, checked
 * here once so CSV, JSON and ICS report the same mistakes in the same words.
 */
import type { HolidayEntry } from '../../../platform/store/types.ts';

export type ImportedEntry = Omit<HolidayEntry, 'updatedAt'>;
export type HolidayKind = HolidayEntry['kind'];

export interface ImportError {
  /** 1-based line in the file; 0 when the problem is the file as a whole. */
  line: number;
  message: string;
}

/** One row as a parser found it; nothing checked yet. */
export interface RawRow {
  line: number;
  /** Prefix for messages when the line alone does not identify the row (e.g. "item 3"). */
  label?: string;
  /** Set when the parser already knows the row is unusable; reported in file order with the rest. */
  problem?: string;
  exchange?: unknown;
  date?: unknown;
  name?: unknown;
  kind?: unknown;
  open?: unknown;
  close?: unknown;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const KINDS: readonly string[] = ['closed', 'open', 'session'];

/** Whether a YYYY-MM-DD string names a day that exists (2026-02-30 does not). */
export function isRealDate(date: string): boolean {
  const match = DATE.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

/** Checks a date, returning the problem in words or undefined when it is fine. */
export function dateProblem(date: string): string | undefined {
  if (!DATE.test(date)) return `date "${date}" is not YYYY-MM-DD`;
  if (!isRealDate(date)) return `impossible date "${date}"`;
  return undefined;
}

/** Empty strings and null mean "not given": spreadsheets leave optional cells empty. */
function optionalText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function checkTime(field: 'open' | 'close', value: unknown, problems: string[]): string | undefined {
  const text = optionalText(value);
  if (text === null) {
    problems.push(`${field} must be HH:MM text`);
    return undefined;
  }
  if (text !== undefined && !TIME.test(text)) problems.push(`${field} "${text}" is not HH:MM`);
  return text;
}

function checkRow(row: RawRow, known: Set<string>, problems: string[]): ImportedEntry | undefined {
  const exchange = typeof row.exchange === 'string' ? row.exchange.trim().toUpperCase() : '';
  if (typeof row.exchange !== 'string' || exchange === '') problems.push('exchange is missing');
  else if (!known.has(exchange)) problems.push(`unknown exchange "${row.exchange.trim()}"`);

  const date = typeof row.date === 'string' ? row.date.trim() : '';
  if (typeof row.date !== 'string' || date === '') problems.push('date is missing');
  else {
    const problem = dateProblem(date);
    if (problem) problems.push(problem);
  }

  const name = typeof row.name === 'string' ? row.name.trim() : '';
  if (name === '') problems.push('name is empty');

  const kindText = optionalText(row.kind);
  const kind = kindText === undefined ? 'closed' : kindText === null ? '' : kindText.toLowerCase();
  if (!KINDS.includes(kind)) problems.push(`kind "${String(row.kind)}" is not one of closed, open, session`);

  const open = checkTime('open', row.open, problems);
  const close = checkTime('close', row.close, problems);
  if (kind === 'session' && open === undefined && close === undefined) {
    problems.push('a session needs open or close hours (HH:MM)');
  }
  if (kind !== 'session' && (open !== undefined || close !== undefined)) {
    problems.push(`open/close hours only apply to kind session, not ${kind}`);
  }
  if (open && close && TIME.test(open) && TIME.test(close) && open >= close) {
    problems.push(`open ${open} is not before close ${close}`);
  }
  if (problems.length > 0) return undefined;
  return {
    exchange,
    date,
    kind: kind as HolidayKind,
    name,
    open: open ?? null,
    close: close ?? null,
    source: 'import',
  };
}

/** Validates every row, collecting every problem; entries are only meaningful without errors. */
export function validateRows(
  rows: RawRow[],
  knownExchanges: Set<string>,
): { entries: ImportedEntry[]; errors: ImportError[] } {
  const known = new Set([...knownExchanges].map((code) => code.toUpperCase()));
  const entries: ImportedEntry[] = [];
  const errors: ImportError[] = [];
  const firstSeen = new Map<string, RawRow>();
  for (const row of rows) {
    const problems: string[] = [];
    const entry = row.problem === undefined ? checkRow(row, known, problems) : undefined;
    if (row.problem !== undefined) problems.push(row.problem);
    const prefix = row.label ? `${row.label}: ` : '';
    for (const problem of problems) errors.push({ line: row.line, message: prefix + problem });
    if (!entry) continue;
    const key = `${entry.exchange} ${entry.date}`;
    const first = firstSeen.get(key);
    if (first) {
      const where = first.label ? `line ${first.line}, ${first.label}` : `line ${first.line}`;
      errors.push({ line: row.line, message: `${prefix}duplicate of ${key} (first on ${where})` });
      continue;
    }
    firstSeen.set(key, row);
    entries.push(entry);
  }
  return { entries, errors };
}
