/**
 * Writes holiday rows as CSV, JSON or ICS in the shapes `parseHolidayFile` reads back, so an export
 * can be edited and re-imported. Output depends only on the input (pass `now` for ICS DTSTAMP).
 */
import { formatCsv } from './csv.ts';

export interface ExportRow {
  exchange: string;
  date: string;
  name: string;
  kind?: 'closed' | 'open' | 'session';
  open?: string | null;
  close?: string | null;
  source?: string;
  /** Epoch ms; becomes the event's DTSTAMP (when it last changed) in ICS. */
  updatedAt?: number;
}

export type ExportFormat = 'csv' | 'json' | 'ics';

/** RFC 5545 TEXT escaping: backslash first, so the escapes added after are not doubled. */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Splits a content line into pieces of at most 75 octets, never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let part = '';
  let size = 0;
  for (const ch of line) {
    const bytes = Buffer.byteLength(ch, 'utf8');
    // Continuation lines start with a space, which counts against their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (size + bytes > limit) {
      parts.push(part);
      part = '';
      size = 0;
    }
    part += ch;
    size += bytes;
  }
  parts.push(part);
  return parts.join('\r\n ');
}

function stamp(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function nextDay(date: string): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
}

function formatIcs(rows: ExportRow[], now: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//opsbot//holidays//EN', 'CALSCALE:GREGORIAN'];
  const exchanges = new Set(rows.map((row) => row.exchange));
  // Calendar apps show X-WR-CALNAME as the calendar's title; import also reads it as a fallback.
  if (exchanges.size === 1) lines.push(`X-WR-CALNAME:${escapeText(`${[...exchanges][0]} holidays`)}`);
  for (const row of rows) {
    const kind = row.kind ?? 'closed';
    lines.push(
      'BEGIN:VEVENT',
      `UID:${row.exchange}-${row.date}@opsbot`,
      `DTSTAMP:${stamp(row.updatedAt ?? now)}`,
      `DTSTART;VALUE=DATE:${row.date.replaceAll('-', '')}`,
      `DTEND;VALUE=DATE:${nextDay(row.date).replaceAll('-', '')}`,
      `SUMMARY:${escapeText(row.name)}`,
      `X-OPSBOT-EXCHANGE:${row.exchange}`,
    );
    if (kind !== 'closed') lines.push(`X-OPSBOT-KIND:${kind}`);
    if (row.open) lines.push(`X-OPSBOT-OPEN:${row.open}`);
    if (row.close) lines.push(`X-OPSBOT-CLOSE:${row.close}`);
    // A holiday does not make anyone busy; TRANSPARENT keeps it out of free/busy lookups.
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * @param now epoch ms or Date for ICS DTSTAMP when a row has no `updatedAt`; defaults to the
 *   current time, so pass it when the output must be reproducible.
 */
export function formatHolidays(rows: ExportRow[], format: ExportFormat, now?: number | Date): string {
  if (format === 'csv') {
    return formatCsv(
      rows.map((row) => ({
        exchange: row.exchange,
        date: row.date,
        name: row.name,
        kind: row.kind ?? 'closed',
        open: row.open ?? '',
        close: row.close ?? '',
      })),
    );
  }
  if (format === 'json') {
    const items = rows.map((row) => ({
      exchange: row.exchange,
      date: row.date,
      name: row.name,
      kind: row.kind ?? 'closed',
      ...(row.open ? { open: row.open } : {}),
      ...(row.close ? { close: row.close } : {}),
      ...(row.source ? { source: row.source } : {}),
    }));
    return JSON.stringify(items, null, 2) + '\n';
  }
  if (format === 'ics') return formatIcs(rows, now === undefined ? Date.now() : Number(now));
  throw new TypeError(`unknown export format "${String(format)}" (csv, json or ics)`);
}
