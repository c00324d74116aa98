/** CSV in the RFC 4180 sense: quoted fields may hold commas, doubled quotes and line breaks. */
import type { ImportError, RawRow } from './rows.ts';

export const CSV_COLUMNS = ['exchange', 'date', 'name', 'kind', 'open', 'close'] as const;
const REQUIRED = ['exchange', 'date', 'name'];

interface Record {
  /** Line the record starts on; a quoted line break makes a record span several lines. */
  line: number;
  fields: string[];
}

function splitRecords(text: string): { records: Record[]; error?: ImportError } {
  const records: Record[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it is spacing, not a row with one empty field.
    if (!(fields.length === 1 && fields[0]?.trim() === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      // Spaces before an opening quote are dropped, as spreadsheets write `a, "b, c"`.
      field = '';
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // Handled on the '\n'.
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      line++;
      start = line;
    } else field += ch;
    i++;
  }
  if (quoted) return { records, error: { line: quoteLine, message: 'a quoted field is never closed' } };
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

/** Rows of a holiday CSV (header `exchange,date,name[,kind,open,close]`, any column order). */
export function parseCsv(text: string): { rows: RawRow[]; errors: ImportError[] } {
  const { records, error } = splitRecords(text);
  if (error) return { rows: [], errors: [error] };
  const header = records[0];
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty (no header)' }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const errors: ImportError[] = [];
  for (const name of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push({
        line: header.line,
        message: `unknown column "${name}" (expected ${CSV_COLUMNS.join(',')})`,
      });
    }
  }
  for (const name of REQUIRED) {
    if (!columns.includes(name)) errors.push({ line: header.line, message: `missing column "${name}"` });
  }
  if (new Set(columns).size !== columns.length) {
    errors.push({ line: header.line, message: 'a column appears twice in the header' });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: RawRow[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== columns.length) {
      rows.push({
        line: record.line,
        problem: `expected ${columns.length} fields, found ${record.fields.length} (quote names that contain commas)`,
      });
      continue;
    }
    const cell = (name: string) => {
      const index = columns.indexOf(name);
      return index < 0 ? undefined : record.fields[index];
    };
    rows.push({
      line: record.line,
      exchange: cell('exchange'),
      date: cell('date'),
      name: cell('name'),
      kind: cell('kind'),
      open: cell('open'),
      close: cell('close'),
    });
  }
  return { rows, errors };
}

function quote(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsv(
  rows: Array<{ exchange: string; date: string; name: string; kind: string; open: string; close: string }>,
): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => quote(row[column])).join(','));
  return lines.join('\n') + '\n';
}
