import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Changes } from './changes.ts';
import { KINDS } from './kinds.ts';
import type { Collected } from './model.ts';

const COMMON = ['platform', 'region', 'id', 'name', 'status'];

/**
 * The customer's workbook: a sheet per collected kind (header row, one row per resource), then
 * "metrics", "nas-usage", "changes" (since the previous period) and, when calls failed, "errors".
 */
export async function buildWorkbook(collected: Collected, changes: Changes): Promise<Uint8Array> {
  // The streaming writer compresses with the native zlib (the in-memory one deflates in
  // JavaScript, the largest cost of a 50-customer run) and writes rows as they are added. No
  // styles: they cost a lookup per cell; the header stays visible as a frozen row instead of bold.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  book.created = new Date(collected.period.end);
  for (const kind of KINDS) {
    if (collected.customer.exclude.includes(kind.name)) continue;
    const rows = collected.resources
      .filter((r) => r.kind === kind.name)
      .map((r) => [
        r.platform,
        r.region,
        r.id,
        r.name,
        r.status,
        ...kind.columns.map((c) => r.columns[c.column] ?? null),
      ]);
    sheet(book, kind.name, [...COMMON, ...kind.columns.map((c) => c.header)], rows);
  }
  sheet(
    book,
    'metrics',
    ['platform', 'region', 'server id', 'server', 'metric', 'aggregation', 'average', 'max', 'points'],
    collected.metrics.map((m) => [
      m.platform,
      m.region,
      m.serverId,
      m.serverName,
      m.metric,
      m.aggregation,
      m.avg,
      m.max,
      m.points,
    ]),
  );
  sheet(
    book,
    'nas-usage',
    ['platform', 'region', 'NAS id', 'NAS', 'time', 'size', 'used', 'used %'],
    collected.nasUsage.map((u) => [
      u.platform,
      u.region,
      u.nasId,
      u.nasName,
      u.ratingTime,
      u.volumeSize,
      u.useSize,
      u.useRatio,
    ]),
  );
  changesSheet(book, changes);
  if (collected.failures.length > 0) {
    sheet(
      book,
      'errors',
      ['kind', 'platform', 'region', 'API path', 'NCP code', 'message'],
      collected.failures.map((f) => [
        f.kind,
        f.platform ?? null,
        f.region ?? null,
        f.path,
        f.code,
        f.message,
      ]),
    );
  }
  await book.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

type Book = ExcelJS.stream.xlsx.WorkbookWriter;

function changesSheet(book: Book, changes: Changes): void {
  const header = ['kind', 'change', 'platform', 'region', 'id', 'name'];
  if (changes.since === null) {
    sheet(book, 'changes', header, [['first report', null, null, null, null, null]]);
    return;
  }
  const rows = changes.changes.map((c) => [c.kind, c.change, c.platform, c.region, c.id, c.name]);
  for (const kind of changes.skipped)
    rows.push([kind, `not compared (a call failed)`, null, null, null, null]);
  if (rows.length === 0) rows.push([`no changes since ${changes.since}`, null, null, null, null, null]);
  sheet(book, 'changes', [...header, '', `since ${changes.since}`], rows);
}

function sheet(book: Book, name: string, header: string[], rows: unknown[][]): void {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Widths before the first row: a streamed sheet writes its columns with its first row.
  ws.columns = header.map((h) => ({ width: Math.min(40, Math.max(10, h.length + 2)) }));
  ws.addRow(header).commit();
  for (const row of rows) ws.addRow(row).commit();
  ws.commit();
}
