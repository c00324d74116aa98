import { type CalendarApi, defineForm, type FormAnswers, type ValidateResult } from 'opsbot';
import { EXCEPTION_FORMAT, parseExceptions } from './exceptions.ts';
import { type Month, monthInput, monthOfDate, parseMonth } from './month.ts';
import { type MonthPlan, planMonth } from './working-days.ts';

/** The form of each run: the month, the password (this run only) and the exceptions. */

export const TIMECARD_KEY = 'timecard';

const fields = [
  {
    name: 'month',
    type: 'text',
    label: '입력할 달 (yyyyMM)',
    placeholder: 'yyyyMM',
    required: true,
  },
  {
    name: 'password',
    type: 'secret',
    label: '비밀번호',
    hint: '이번 입력에만 쓰고 저장하지 않습니다.',
    required: true,
  },
  {
    name: 'days',
    type: 'multiline',
    label: '예외 (한 줄에 하루)',
    hint: `반차 half, 휴가 leave, 시간 지정 09:00-13:00. ${EXCEPTION_FORMAT}`,
  },
] as const;

export type TimeCardAnswers = FormAnswers<typeof fields>;

/** What the checks need: the holiday calendar and today in its timezone. */
export interface CalendarView {
  calendar: CalendarApi;
  calendarName: string;
  today(): string;
}

export function timeCardForm(view: CalendarView, page: boolean) {
  const current = monthInput(monthOfDate(view.today()));
  return defineForm({
    key: TIMECARD_KEY,
    title: '출퇴근 입력',
    text: '입력할 달의 1일부터 오늘까지(지난달이면 말일까지) 근무일을 모두 입력합니다. 주말과 공휴일은 건너뜁니다.',
    submitLabel: '입력 시작',
    fields: [{ ...fields[0], default: current }, fields[1], fields[2]] as const,
    ...(page ? { page: true } : {}),
    validate: async (answers): Promise<ValidateResult> => {
      const checked = await checkTimeCard(answers, view, { start: '09:00', end: '18:00' });
      return 'errors' in checked ? checked.errors : null;
    },
  });
}

/**
 * The month and exceptions as a plan for one person's hours, or the field errors. Run by the
 * form's validate and again when the answers arrive (they may come after a restart).
 */
export async function checkTimeCard(
  answers: Pick<TimeCardAnswers, 'month' | 'days'>,
  view: CalendarView,
  hours: { start: string; end: string },
): Promise<MonthPlan | { errors: Record<string, string> }> {
  const month: Month | undefined = parseMonth(answers.month);
  if (!month) return { errors: { month: 'yyyyMM 형식으로 입력하세요 (예: 202611)' } };
  const { exceptions, errors } = parseExceptions(answers.days);
  if (errors.length) return { errors: { days: errors.join('\n') } };
  const plan = await planMonth({
    calendar: view.calendar,
    calendarName: view.calendarName,
    today: view.today(),
    month,
    exceptions,
    ...hours,
  });
  if ('errors' in plan) return { errors: { ...plan.errors } as Record<string, string> };
  return plan;
}
