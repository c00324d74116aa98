import { defineForm, type FormAnswers, type FormFieldSpec, type ValidateResult } from 'opsbot';
import type { Person } from './people.ts';
import { addHours, isTime, minutesOf } from './times.ts';

/** The first form a person sees: their HR account (never the password) and usual hours. */

export const REGISTER_KEY = 'register';
const DEFAULT_START = '09:00';
const DEFAULT_HOURS = 9;

const fields = [
  { name: 'memberId', type: 'text', label: 'Member ID (회사 ID)', required: true },
  { name: 'userId', type: 'text', label: 'User ID (사용자 ID)', required: true },
  { name: 'startTime', type: 'time', label: '출근 시각', required: true, default: DEFAULT_START },
  {
    name: 'endTime',
    type: 'time',
    label: '퇴근 시각',
    hint: `비워 두면 출근 시각 + ${DEFAULT_HOURS}시간`,
  },
] as const;

type Fields = typeof fields;
export type Registration = FormAnswers<Fields>;

/** The form; with a person, prefilled with what they registered (for `edit`). */
export function registrationForm(person?: Person) {
  const prefilled = [
    withDefault(fields[0], person?.memberId),
    withDefault(fields[1], person?.userId),
    withDefault(fields[2], person?.startTime),
    withDefault(fields[3], person?.endTime),
  ] as const;
  return defineForm({
    key: REGISTER_KEY,
    title: '출퇴근 계정 등록',
    text: '사내 출퇴근 사이트의 계정을 등록합니다. 비밀번호는 저장하지 않고 입력할 때마다 묻습니다.',
    submitLabel: '등록',
    fields: prefilled,
    validate: validateRegistration,
  });
}

export function validateRegistration(answers: Registration): ValidateResult {
  const errors: Record<string, string> = {};
  if (!answers.memberId.trim()) errors.memberId = 'Member ID 를 입력하세요.';
  if (!answers.userId.trim()) errors.userId = 'User ID 를 입력하세요.';
  const start = answers.startTime.trim();
  const end = answers.endTime?.trim();
  if (!isTime(start)) errors.startTime = '출근 시각을 HH:MM 형식으로 입력하세요 (예: 09:00).';
  else if (!end && !addHours(start, DEFAULT_HOURS)) {
    errors.endTime = `출근 시각 + ${DEFAULT_HOURS}시간이 자정을 넘습니다. 퇴근 시각을 입력하세요.`;
  }
  if (end && !isTime(end)) errors.endTime = '퇴근 시각을 HH:MM 형식으로 입력하세요 (예: 18:00).';
  else if (end && isTime(start) && (minutesOf(end) ?? 0) <= (minutesOf(start) ?? 0)) {
    errors.endTime = '퇴근 시각은 출근 시각보다 늦어야 합니다.';
  }
  return errors;
}

/** The person as the answers describe them (validated). */
export function personOf(answers: Registration, who: { slackUser: string; connection: string }): Person {
  const startTime = answers.startTime.trim();
  const endTime = answers.endTime?.trim() || addHours(startTime, DEFAULT_HOURS)!;
  return {
    ...who,
    memberId: answers.memberId.trim(),
    userId: answers.userId.trim(),
    startTime,
    endTime,
  };
}

function withDefault<F extends FormFieldSpec>(field: F, value: string | undefined): F {
  return value === undefined ? field : { ...field, default: value };
}
