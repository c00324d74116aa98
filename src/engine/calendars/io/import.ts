/**
 * Reads a holiday file (CSV, JSON or ICS, chosen by extension) into store entries. Every row is
 * checked and every problem reported with its line, so one pass fixes the whole file; callers write
 * nothing unless `errors` is empty.
 */
import { parseCsv } from './csv.ts';
import { parseIcs } from './ics.ts';
import { parseJson } from './json.ts';
import { type ImportError, type ImportedEntry, type RawRow, validateRows } from './rows.ts';

export type { ImportError, ImportedEntry } from './rows.ts';

export function parseHolidayFile(
  text: string,
  fileName: string,
  knownExchanges: Set<string>,
): { entries: ImportedEntry[]; errors: ImportError[] } {
  // Excel and Notepad on Windows put a byte-order mark in front of UTF-8 files.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  let parsed: { rows: RawRow[]; errors: ImportError[] };
  if (extension === 'csv') parsed = parseCsv(body);
  else if (extension === 'json') parsed = parseJson(body);
  else if (extension === 'ics' || extension === 'ical') parsed = parseIcs(body, knownExchanges);
  else {
    return {
      entries: [],
      errors: [
        { line: 0, message: `cannot tell the format of "${fileName}": use a .csv, .json or .ics file` },
      ],
    };
  }
  const checked = validateRows(parsed.rows, knownExchanges);
  const errors = [...parsed.errors, ...checked.errors].sort((a, b) => a.line - b.line);
  return { entries: checked.entries, errors };
}
