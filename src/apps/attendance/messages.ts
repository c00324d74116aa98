import type { MessageField, PortableMessage } from 'opsbot';
import { monthLabel } from './month.ts';
import type { DayResult, FillFailure } from './runner.ts';
import type { MonthPlan } from './working-days.ts';

/** What the app tells people, in Korean. Dates are shown as MM-DD within the month. */

export function startedMessage(plan: MonthPlan): PortableMessage {
  const fields: MessageField[] = [{ name: '입력할 근무일', value: `${plan.days.length}일`, inline: true }];
  const names = plan.holidays.map((h) => `${short(h.date)} ${h.name}`).join(', ');
  const holidays = plan.holidays.length ? `${plan.holidays.length}일 (${names})` : '없음';
  fields.push({ name: '공휴일 제외', value: holidays, inline: true });
  if (plan.leave.length) fields.push({ name: '휴가', value: dates(plan.leave), inline: true });
  return {
    title: '출퇴근 입력 시작',
    text: `${monthLabel(plan.month)} 근무일 ${plan.days.length}일을 입력합니다. 끝나면 알려 드립니다.`,
    severity: 'info',
    fields,
  };
}

export function queuedMessage(ahead: number): PortableMessage {
  return { text: `대기 중: 앞에 ${ahead}명. 차례가 되면 바로 시작합니다.`, severity: 'info' };
}

export function busyMessage(): PortableMessage {
  return {
    text: '이미 진행 중인 출퇴근 입력이 있습니다. 끝난 뒤에 다시 요청하세요.',
    severity: 'warning',
  };
}

export function droppedMessage(command: string): PortableMessage {
  return {
    text: `봇이 멈춰 대기 중이던 출퇴근 입력을 취소했습니다. 아무것도 입력하지 않았습니다. /${command} 로 다시 요청하세요.`,
    severity: 'warning',
  };
}

export function progressMessage(done: number, total: number): PortableMessage {
  return { text: `진행 중: ${done}/${total}일 처리했습니다.`, severity: 'info' };
}

export function nothingToEnterMessage(plan: MonthPlan): PortableMessage {
  return {
    text: `${monthLabel(plan.month)}에는 지금까지 입력할 근무일이 없습니다.`,
    severity: 'info',
  };
}

export function wrongPasswordMessage(command: string): PortableMessage {
  return {
    title: '로그인 실패',
    text: `출퇴근 사이트가 로그인을 거부했습니다. 비밀번호를 확인하고 /${command} 로 다시 시도하세요. 아무것도 입력하지 않았습니다.`,
    severity: 'warning',
  };
}

export function crashedMessage(reason: string): PortableMessage {
  return { title: '출퇴근 입력 실패', text: `입력하지 못했습니다: ${reason}`, severity: 'error' };
}

export function uploadFailedMessage(): PortableMessage {
  return { text: '오류 화면을 올리지 못했습니다.', severity: 'warning' };
}

/** The end of a run: what was entered, skipped and failed, for the person or (with `who`) a channel. */
export function summaryMessage(
  plan: MonthPlan,
  days: DayResult[],
  failure: FillFailure | undefined,
  who?: string,
): PortableMessage {
  const of = (outcome: DayResult['outcome']) => days.filter((d) => d.outcome === outcome).map((d) => d.date);
  const entered = of('entered');
  const already = of('already-filled');
  const failed = days.filter((d) => d.outcome === 'failed');
  const fields: MessageField[] = [
    { name: '입력', value: count(entered), inline: true },
    { name: '이미 입력됨', value: count(already), inline: true },
    { name: '공휴일 제외', value: count(plan.holidays.map((h) => h.date)), inline: true },
  ];
  if (plan.leave.length) fields.push({ name: '휴가', value: count(plan.leave), inline: true });
  const notReached = plan.days.length - days.length;
  if (failed.length || notReached > 0) {
    const lines = failed.map((d) => `${short(d.date)}${d.step ? ` (${d.step})` : ''}`);
    if (notReached > 0) lines.push(`${notReached}일은 진행하지 못함`);
    fields.push({ name: '실패', value: lines.join(', ') });
  }
  if (failure) fields.push({ name: '오류', value: `${failure.step} 단계: ${failure.message}` });
  const ok = !failure && failed.length === 0 && notReached <= 0;
  const subject = who ? `<@${who}> ` : '';
  return {
    title: `${monthLabel(plan.month)} 출퇴근 입력 ${ok ? '완료' : '실패'}`,
    text: ok
      ? `${subject}${monthLabel(plan.month)} 출퇴근 입력을 마쳤습니다.`
      : `${subject}${monthLabel(plan.month)} 출퇴근 입력 중 일부를 하지 못했습니다.`,
    severity: ok ? 'success' : 'error',
    fields,
  };
}

function count(list: string[]): string {
  return list.length ? `${list.length}일 (${dates(list)})` : '0일';
}

function dates(list: string[]): string {
  return list.map(short).join(', ');
}

/** 2026-09-24 → 09-24 */
function short(date: string): string {
  return date.slice(5);
}
