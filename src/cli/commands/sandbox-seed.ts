import ExcelJS from 'exceljs';
import type { SandboxTenant } from '../../sandbox/naverworks/tenant.ts';
import type { WorksEmulatorOptions } from '../../sandbox/naverworks/types.ts';

/**
 * What the complete sandbox adds to the NAVER WORKS tenant so every built-in app has something to
 * work on: the 운영팀 group with a team folder holding last week's report (weekly-report rolls it
 * forward), and address-book contacts tagged for the Kakao channel (contact-sync uploads them).
 */

export const OPS_GROUP = { groupId: 'ops-team', groupName: '운영팀' };
export const REPORT_DIR = '주간보고';
export const REPORT_FILE = 'weekly-{date}.xlsx';
export const KAKAO_TAG = '카카오채널';

const DAY = 86_400_000;

/** Today in Seoul, then the Thursday of the Sunday-based week a week ago (weekly-report's reference day). */
export function lastReportDate(now = Date.now()): string {
  const seoul = new Date(now + 9 * 3_600_000);
  const today = Date.UTC(seoul.getUTCFullYear(), seoul.getUTCMonth(), seoul.getUTCDate());
  const sunday = today - new Date(today).getUTCDay() * DAY;
  return new Date(sunday + 4 * DAY - 7 * DAY).toISOString().slice(0, 10);
}

/** A report shaped like the team's: title, report date, headers, work items and remarks. */
async function reportWorkbook(date: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('주간보고');
  ws.mergeCells('A1:D1');
  ws.getCell('A1').value = `주간 업무 보고 (${date})`;
  ws.getCell('A2').value = '보고일';
  ws.getCell('B2').value = new Date(`${date}T00:00:00Z`);
  ws.getCell('B2').numFmt = 'yyyy-mm-dd';
  ws.getRow(3).values = ['구분', '지난주 실적', '이번주 계획', '담당'];
  ws.getRow(4).values = ['시스템 운영', '서버 점검 완료', 'FEP 서버 패치 적용', '김민준'];
  ws.getRow(5).values = ['네트워크', '스위치 교체', '방화벽 정책 정리', '이서연'];
  ws.mergeCells('A6:D6');
  ws.getCell('A6').value = '비고';
  ws.mergeCells('A7:D7');
  ws.getCell('A7').value = '특이사항 없음';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const PHONES = ['010-2345-6701', '010-2345-6702', '010-2345-6703', '010-2345-6704'];

export async function tenantExtras(tenant: SandboxTenant): Promise<Partial<WorksEmulatorOptions>> {
  const users = tenant.facts.users.map((u) => u.userId);
  const last = lastReportDate();
  const tag = { contactTagId: 'tag-kakao', contactTagName: KAKAO_TAG };
  const customers: Array<[string, string]> = [
    ['한', '지민'],
    ['오', '세훈'],
    ['윤', '하늘'],
    ['장', '우진'],
  ];
  return {
    groups: [{ ...OPS_GROUP, members: users }],
    groupFolders: [
      {
        groupId: OPS_GROUP.groupId,
        files: [
          {
            path: `${REPORT_DIR}/${REPORT_FILE.replace('{date}', last)}`,
            data: await reportWorkbook(last),
          },
        ],
      },
    ],
    contactTags: [tag],
    contacts: customers.map(([lastName, firstName], i) => ({
      contactId: `contact-${i + 1}`,
      lastName,
      firstName,
      telephones: [{ type: 'CELLPHONE', telephone: PHONES[i]! }],
      contactTagIds: [tag.contactTagId],
    })),
  };
}
