/** Test-only: a weekly report workbook shaped like the team's, made with exceljs. */
import ExcelJS from 'exceljs';

export const YELLOW: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
export const GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };

/**
 * 주간보고 sheet: A1:D1 merged title, A2/B2 report date, row 3 headers (grey), rows 4–7 the work
 * items (A4:A5 merged; B last week, C this week, some highlighted yellow), row 8 the 비고 label
 * (A8:D8 merged), rows 9–10 remarks (A9:D9 merged, yellow).
 */
export async function reportWorkbook(title = '주간 업무 보고(2026년 3월 1주)'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('주간보고');
  wb.addWorksheet('참고').getCell('A1').value = '다른 시트';
  ws.getColumn('A').width = 14;
  ws.getColumn('B').width = 48;
  ws.getColumn('C').width = 52;
  ws.getColumn('D').width = 12;

  ws.mergeCells('A1:D1');
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { name: '맑은 고딕', size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getCell('A1').fill = GREY;
  ws.getCell('A2').value = '보고일';
  ws.getCell('B2').value = new Date(Date.UTC(2026, 2, 9));
  ws.getCell('B2').numFmt = 'yyyy-mm-dd';

  ['구분', '지난주 실적', '이번주 계획', '담당'].forEach((text, i) => {
    const cell = ws.getRow(3).getCell(i + 1);
    cell.value = text;
    cell.fill = GREY;
    cell.font = { bold: true };
  });

  const items = [
    ['시스템 운영', '서버 점검 완료', 'FEP 서버 패치 적용', '김민준'],
    [null, 'DB 백업 확인', '백업 정책 개편 검토', '김민준'],
    ['네트워크', '스위치 교체', '방화벽 정책 정리', '이서연'],
    ['기타', '', '분기 보고서 작성', '박지훈'],
  ];
  items.forEach((values, i) => {
    const row = ws.getRow(4 + i);
    values.forEach((v, c) => {
      if (v !== null) row.getCell(c + 1).value = v;
    });
    row.getCell(2).font = { name: '맑은 고딕', size: 10 };
    row.getCell(3).font = { name: '맑은 고딕', size: 10, color: { argb: 'FF1F4E79' } };
  });
  ws.mergeCells('A4:A5');
  ws.getCell('C4').fill = YELLOW;
  ws.getCell('B6').fill = YELLOW;
  ws.getCell('C7').value = { richText: [{ text: '분기 보고서 ', font: { bold: true } }, { text: '작성' }] };

  ws.mergeCells('A8:D8');
  ws.getCell('A8').value = '비고';
  ws.getCell('A8').fill = GREY;
  ws.mergeCells('A9:D9');
  ws.getCell('A9').value = '3/5 정기 점검으로 일부 서비스 중단';
  ws.getCell('A9').fill = YELLOW;
  ws.getCell('A10').value = '휴가: 이서연 3/6';

  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function loadSheet(bytes: Uint8Array, name = '주간보고'): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}
