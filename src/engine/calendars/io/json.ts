/**
 * JSON holiday files: an array of `{exchange, date, name, kind?, open?, close?}` (the old platform's
 * export is exactly that) or `{ "holidays": [...] }`. JSON.parse loses positions, so a small scanner
 * finds the line each array element starts on.
 */
import type { ImportError, RawRow } from './rows.ts';

interface Frame {
  kind: 'array' | 'object';
  /** Whether this is the array whose elements are the holidays. */
  target: boolean;
  /** Array: the next non-blank character starts an element. Object: the next string is a key. */
  expecting: boolean;
  key?: string;
}

/** The line each element of the holiday array starts on; assumes `text` is valid JSON. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const top = stack[stack.length - 1];
    if (ch === '\n') line++;
    if (/\s/.test(ch) || ch === ':') {
      i++;
      continue;
    }
    if (top?.kind === 'array' && top.expecting && ch !== ']') {
      if (top.target) lines.push(line);
      top.expecting = false;
    }
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expecting) {
        top.key = JSON.parse(text.slice(i, end + 1)) as string;
        top.expecting = false;
      }
      i = end + 1;
      continue;
    }
    if (ch === '[' || ch === '{') {
      // Root array, or the array under "holidays" of the root object.
      const target =
        ch === '[' &&
        (stack.length === 0 || (stack.length === 1 && top?.kind === 'object' && top.key === 'holidays'));
      stack.push({ kind: ch === '[' ? 'array' : 'object', target, expecting: true });
    } else if (ch === ']' || ch === '}') stack.pop();
    else if (ch === ',' && top) top.expecting = true;
    i++;
  }
  return lines;
}

/** Where JSON.parse choked, from V8's "... at position N (line L column C)" message. */
function syntaxLine(message: string, text: string): number {
  const lineMatch = /line (\d+)/.exec(message);
  if (lineMatch) return Number(lineMatch[1]);
  const positionMatch = /position (\d+)/.exec(message);
  if (positionMatch) return text.slice(0, Number(positionMatch[1])).split('\n').length;
  return 1;
}

export function parseJson(text: string): { rows: RawRow[]; errors: ImportError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { rows: [], errors: [{ line: syntaxLine(message, text), message: `not valid JSON: ${message}` }] };
  }
  const list = Array.isArray(data)
    ? data
    : data !== null && typeof data === 'object' && Array.isArray((data as { holidays?: unknown }).holidays)
      ? (data as { holidays: unknown[] }).holidays
      : undefined;
  if (!list) {
    return {
      rows: [],
      errors: [{ line: 1, message: 'expected an array of holidays or an object with a "holidays" array' }],
    };
  }
  const lines = elementLines(text);
  const rows: RawRow[] = [];
  list.forEach((item: unknown, index) => {
    const line = lines[index] ?? 1;
    // The index is what tells rows apart when a minified file puts them all on line 1.
    const label = `item ${index}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      rows.push({ line, label, problem: 'expected an object' });
      return;
    }
    const fields = item as { [key: string]: unknown };
    rows.push({
      line,
      label,
      exchange: fields['exchange'],
      date: fields['date'],
      name: fields['name'],
      kind: fields['kind'],
      open: fields['open'],
      close: fields['close'],
    });
  });
  return { rows, errors: [] };
}
