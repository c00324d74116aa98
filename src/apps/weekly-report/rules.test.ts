import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GREY, loadSheet, reportWorkbook, YELLOW } from './fixture.ts';
import { applyRules, type Rule, ruleSchema } from './rules.ts';

const DATES = { reference: '2026-03-12', today: '2026-03-12' };

/** Applies rules to the fixture and answers the sheet as it reads back after an exceljs round trip. */
async function rolled(rules: unknown[]): Promise<{ ws: ExcelJS.Worksheet; warnings: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await reportWorkbook()) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('주간보고')!;
  const warnings = applyRules(
    sheet,
    rules.map((r) => ruleSchema.parse(r) as Rule),
    DATES,
  );
  return { ws: await loadSheet(new Uint8Array(await wb.xlsx.writeBuffer())), warnings };
}

const noFill = (cell: ExcelJS.Cell) =>
  !cell.fill || (cell.fill.type === 'pattern' && cell.fill.pattern === 'none');

describe('rules', () => {
  it('classic: rolls the sheet forward and keeps widths, merges and fonts', async () => {
    const { ws, warnings } = await rolled([{ preset: 'classic' }]);
    expect(warnings).toEqual([]);

    expect(ws.getCell('A1').value).toBe('주간 업무 보고(2026년 3월 2주)');
    expect(ws.getCell('B2').value).toEqual(new Date('2026-03-16T00:00:00Z'));
    expect(ws.getCell('B2').numFmt).toBe('yyyy-mm-dd');

    // This week's column moved into last week's, this week's cleared, headers untouched.
    const col = (c: string) => [4, 5, 6, 7].map((r) => ws.getCell(`${c}${r}`).value);
    expect(col('B')).toEqual([
      'FEP 서버 패치 적용',
      '백업 정책 개편 검토',
      '방화벽 정책 정리',
      { richText: [{ text: '분기 보고서 ', font: { bold: true } }, { text: '작성' }] },
    ]);
    expect(col('C')).toEqual([null, null, null, null]);
    expect(col('A')).toEqual(['시스템 운영', '시스템 운영', '네트워크', '기타']);
    expect(ws.getCell('D4').value).toBe('김민준');
    expect(ws.getCell('B3').value).toBe('지난주 실적');
    expect(ws.getCell('C3').value).toBe('이번주 계획');

    // The 비고 label stays, the remarks below it are gone.
    expect(ws.getCell('A8').value).toBe('비고');
    expect(ws.getCell('A9').value).toBeNull();
    expect(ws.getCell('A10').value).toBeNull();

    // Formatting: widths, merges and fonts survive; fills cleared in the data rows and remarks only.
    expect([1, 2, 3, 4].map((c) => ws.getColumn(c).width)).toEqual([14, 48, 52, 12]);
    expect([...(ws.model.merges ?? [])].sort()).toEqual(['A1:D1', 'A4:A5', 'A8:D8', 'A9:D9']);
    expect(ws.getCell('A1').font).toMatchObject({ name: '맑은 고딕', size: 16, bold: true });
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
    expect(ws.getCell('C4').font).toMatchObject({ size: 10, color: { argb: 'FF1F4E79' } });
    expect(ws.getCell('B4').font).toMatchObject({ name: '맑은 고딕', size: 10 });
    expect(ws.getCell('A1').fill).toEqual(GREY);
    expect(ws.getCell('B3').fill).toEqual(GREY);
    expect(ws.getCell('A8').fill).toEqual(GREY);
    expect(noFill(ws.getCell('C4'))).toBe(true);
    expect(noFill(ws.getCell('B6'))).toBe(true);
    expect(noFill(ws.getCell('A9'))).toBe(true);
  });

  it('takes custom cells and templates, and writes text where the cell held no date', async () => {
    const { ws } = await rolled([
      { set: 'A2', value: '보고일: {date+4|YYYY년 M월 D일}' },
      { set: 'D2', value: '{isoYear}-W{isoWeek2}' },
      { set: 'B2', value: '{date+4}', as: 'text' },
    ]);
    expect(ws.getCell('A2').value).toBe('보고일: 2026년 3월 16일');
    expect(ws.getCell('D2').value).toBe('2026-W11');
    expect(ws.getCell('B2').value).toBe('2026-03-16');
    // Nothing else moved.
    expect(ws.getCell('C4').value).toBe('FEP 서버 패치 적용');
    expect(ws.getCell('C4').fill).toEqual(YELLOW);
  });

  it('runs single steps on explicit ranges', async () => {
    const { ws, warnings } = await rolled([
      { copyColumn: { from: 'C', to: 'B', rows: '4:5' } },
      { clearColumn: { column: 'C', rows: '4' } },
      { clearFills: { rows: '9:9', columns: 'A:D' } },
      { clearBelow: { label: '없는 칸', columns: 'A:D' } },
    ]);
    expect([4, 5, 6].map((r) => ws.getCell(`B${r}`).value)).toEqual([
      'FEP 서버 패치 적용',
      '백업 정책 개편 검토',
      '스위치 교체',
    ]);
    expect([4, 5].map((r) => ws.getCell(`C${r}`).value)).toEqual([null, '백업 정책 개편 검토']);
    expect(ws.getCell('C4').fill).toEqual(YELLOW);
    expect(noFill(ws.getCell('A9'))).toBe(true);
    expect(ws.getCell('A9').value).toBe('3/5 정기 점검으로 일부 서비스 중단');
    expect(warnings).toEqual(['no cell with the text "없는 칸": nothing cleared below it']);
  });

  it('clearFills: true clears every fill of the sheet', async () => {
    const { ws } = await rolled([{ clearFills: true }]);
    for (const a of ['A1', 'B3', 'C4', 'B6', 'A8', 'A9']) expect(noFill(ws.getCell(a))).toBe(true);
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
  });

  it('rejects unknown or malformed rules', () => {
    expect(ruleSchema.safeParse({ copyColumn: { from: 'C', to: 'B', rows: '4-40' } }).success).toBe(false);
    expect(ruleSchema.safeParse({ set: 'A0', value: 'x' }).success).toBe(false);
    expect(ruleSchema.safeParse({ preset: 'modern' }).success).toBe(false);
    expect(ruleSchema.safeParse({ clearFills: false }).success).toBe(false);
  });
});
