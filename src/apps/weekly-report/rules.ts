/**
 * The roll-forward steps applied to last week's sheet, each a small typed rule, and the `classic`
 * preset that expands to what the old auto_weekly_report_creater did with openpyxl. Values are
 * edited in place through exceljs, so styles, merged cells and column widths survive the round trip.
 */
import type ExcelJS from 'exceljs';
import { z } from 'opsbot';
import { fillTemplate, isDateOnly } from './weeks.ts';

const cellAddress = z.string().regex(/^[A-Za-z]{1,3}[1-9]\d*$/, 'a cell address like A1');
const column = z.string().regex(/^[A-Za-z]{1,3}$/, 'a column letter like C');
/** '4:40', '4:' (to the last row) or '4'. */
const rowSpan = z.string().regex(/^[1-9]\d*(:([1-9]\d*)?)?$/, "rows like '4:40' or '4:'");
const columnSpan = z.string().regex(/^[A-Za-z]{1,3}:[A-Za-z]{1,3}$/, "columns like 'A:D'");

/** Where a column rule acts: `rows`, stopping before the first row that holds the text `until`. */
const span = { rows: rowSpan.default('1:'), until: z.string().optional() };

export const ruleSchema = z.union([
  z.strictObject({
    /** A cell; a merged range's top-left cell. */
    set: cellAddress,
    /** A template (see weeks.ts fillTemplate): '주간 업무 보고({year}년 {month}월 {week}주)', '{date+4}'. */
    value: z.string(),
    /** auto: a real date when the template is one date placeholder and the cell holds a date now. */
    as: z.enum(['auto', 'text', 'date']).default('auto'),
  }),
  z.strictObject({ copyColumn: z.strictObject({ from: column, to: column, ...span }) }),
  z.strictObject({ clearColumn: z.strictObject({ column, ...span }) }),
  z.strictObject({
    /** true: every cell of the sheet. */
    clearFills: z.union([z.literal(true), z.strictObject({ ...span, columns: columnSpan.optional() })]),
  }),
  z.strictObject({
    /** Clears values and fills of the rows below the cell whose text is `label`, within `columns`. */
    clearBelow: z.strictObject({
      label: z.string().min(1),
      columns: columnSpan,
      fills: z.boolean().default(true),
    }),
  }),
  z.strictObject({
    preset: z.literal('classic'),
    titleCell: cellAddress.default('A1'),
    title: z.string().default('주간 업무 보고({year}년 {month}월 {week}주)'),
    /** The report date cell, set to `date` (default: the Monday after the report Thursday). */
    dateCell: cellAddress.default('B2'),
    date: z.string().default('{date+4}'),
    lastWeek: column.default('B'),
    thisWeek: column.default('C'),
    /** The rows of the week columns; they end before the remarks label. */
    rows: rowSpan.default('4:'),
    remarks: z.string().default('비고'),
    remarksColumns: columnSpan.default('A:D'),
  }),
]);

export type Rule = z.output<typeof ruleSchema>;
type Span = { rows: string; until?: string | undefined };

/** The classic preset as plain rules. */
export function expandRules(rules: readonly Rule[]): Rule[] {
  return rules.flatMap((rule): Rule[] => {
    if (!('preset' in rule)) return [rule];
    const range = { rows: rule.rows, until: rule.remarks };
    return [
      { set: rule.titleCell, value: rule.title, as: 'text' },
      { set: rule.dateCell, value: rule.date, as: 'auto' },
      { copyColumn: { from: rule.thisWeek, to: rule.lastWeek, ...range } },
      { clearColumn: { column: rule.thisWeek, ...range } },
      { clearFills: range },
      { clearBelow: { label: rule.remarks, columns: rule.remarksColumns, fills: true } },
    ];
  });
}

export interface RuleDates {
  /** The reference date the names and templates use (this week's report day). */
  reference: string;
  today: string;
}

const colNumber = (letters: string) =>
  [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

const isSlave = (cell: ExcelJS.Cell) => cell.isMerged && cell.master.address !== cell.address;

/** The first row (within `from..to`) holding a cell whose text is `label`, or undefined. */
function findLabelRow(ws: ExcelJS.Worksheet, label: string, from = 1, to = ws.rowCount): number | undefined {
  for (let r = from; r <= to; r++) {
    let found = false;
    ws.getRow(r).eachCell((cell) => {
      if (!found && !isSlave(cell) && cell.text.trim() === label) found = true;
    });
    if (found) return r;
  }
  return undefined;
}

function rowsOf(ws: ExcelJS.Worksheet, span: Span): number[] {
  const [startText = '1', endText] = span.rows.split(':');
  const start = Number(startText);
  let end = span.rows.includes(':') ? (endText ? Number(endText) : ws.rowCount) : start;
  if (span.until !== undefined) {
    const stop = findLabelRow(ws, span.until, start, end);
    if (stop !== undefined) end = stop - 1;
  }
  return Array.from({ length: Math.max(0, end - start + 1) }, (_, i) => start + i);
}

function columnsOf(ws: ExcelJS.Worksheet, spec: string | undefined): number[] {
  const [a = 'A', b = a] = spec ? spec.split(':') : ['A', columnName(Math.max(ws.columnCount, 1))];
  const from = colNumber(a);
  const to = colNumber(b);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Drops the fill of one cell. Loaded cells share style objects, so the style is replaced, not edited. */
function clearFill(cell: ExcelJS.Cell): void {
  if (!cell.style.fill) return;
  const { fill: _fill, ...rest } = cell.style;
  cell.style = rest;
}

/** A copy of a value for another cell: formulas become their last result (references would shift). */
function copyValue(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) return (value.result ?? null) as ExcelJS.CellValue;
    return structuredClone(value);
  }
  return value;
}

function applySet(ws: ExcelJS.Worksheet, rule: Extract<Rule, { set: string }>, dates: RuleDates): void {
  const cell = ws.getCell(rule.set.toUpperCase());
  const text = fillTemplate(rule.value, dates.reference, dates.today);
  const asDate =
    rule.as === 'date' || (rule.as === 'auto' && isDateOnly(rule.value) && cell.master.value instanceof Date);
  cell.value = asDate && /^\d{4}-\d\d-\d\d$/.test(text) ? new Date(`${text}T00:00:00Z`) : text;
}

/** Applies the rules to a sheet; answers warnings (a remarks label that is not there, …). */
export function applyRules(ws: ExcelJS.Worksheet, rules: readonly Rule[], dates: RuleDates): string[] {
  const warnings: string[] = [];
  for (const rule of expandRules(rules)) {
    if ('set' in rule) {
      applySet(ws, rule, dates);
    } else if ('copyColumn' in rule) {
      const { from, to } = rule.copyColumn;
      for (const r of rowsOf(ws, rule.copyColumn)) {
        const target = ws.getCell(r, colNumber(to));
        if (isSlave(target)) continue;
        const source = ws.getCell(r, colNumber(from));
        target.value = isSlave(source) ? null : copyValue(source.value);
      }
    } else if ('clearColumn' in rule) {
      for (const r of rowsOf(ws, rule.clearColumn)) {
        const cell = ws.getCell(r, colNumber(rule.clearColumn.column));
        if (!isSlave(cell)) cell.value = null;
      }
    } else if ('clearFills' in rule) {
      const span = rule.clearFills === true ? { rows: '1:' } : rule.clearFills;
      const cols = columnsOf(ws, rule.clearFills === true ? undefined : rule.clearFills.columns);
      for (const r of rowsOf(ws, span)) for (const c of cols) clearFill(ws.getCell(r, c));
    } else if ('clearBelow' in rule) {
      const { label, columns, fills } = rule.clearBelow;
      const at = findLabelRow(ws, label);
      if (at === undefined) {
        warnings.push(`no cell with the text "${label}": nothing cleared below it`);
        continue;
      }
      for (const r of rowsOf(ws, { rows: `${at + 1}:` })) {
        for (const c of columnsOf(ws, columns)) {
          const cell = ws.getCell(r, c);
          if (!isSlave(cell)) cell.value = null;
          if (fills) clearFill(cell);
        }
      }
    }
  }
  return warnings;
}
