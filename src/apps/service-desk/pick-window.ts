import { dayOfMonth, nextMonth, type OfficeCalendar, type Today } from './calendar.ts';

export interface Deadline {
  date: string;
  time: string;
}

/** The change deadline of a month: `deadlineDay` (or the next working day) at `deadlineAt`. */
export async function deadlineOf(
  calendar: OfficeCalendar,
  month: string,
  rule: { deadlineDay: number; deadlineAt: string },
): Promise<Deadline> {
  return { date: await calendar.onOrAfter(dayOfMonth(month, rule.deadlineDay)), time: rule.deadlineAt };
}

export const isPast = (today: Today, at: Deadline): boolean =>
  today.date > at.date || (today.date === at.date && today.time >= at.time);

/**
 * The month a pick made now is for: this month until its change deadline, then next month (this
 * month's picks have been mailed to the managers by then, so a change would go unseen).
 */
export async function pickMonth(
  calendar: OfficeCalendar,
  today: Today,
  rule: { deadlineDay: number; deadlineAt: string },
): Promise<string> {
  return isPast(today, await deadlineOf(calendar, today.month, rule)) ? nextMonth(today.month) : today.month;
}

/** A date as a person types it: 2026-03-15, 03-15, 3-15 or 3월 15일 (the year is the pick month's). */
export function parseDay(text: string, month: string): string | null {
  const t = text.trim();
  const full = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(t);
  const short = /^(\d{1,2})[-./](\d{1,2})$/.exec(t) ?? /^(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/.exec(t);
  const [y, m, d] = full
    ? [full[1], full[2], full[3]]
    : short
      ? [month.slice(0, 4), short[1], short[2]]
      : [undefined, undefined, undefined];
  if (!y || !m || !d) return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  // Date.parse accepts 2026-02-31 by rolling over: compare the round trip.
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}

/** Why a typed date will not do for a pick in `month` (null when it will). */
export function pickProblem(text: string, month: string, today: Today): string | null {
  const date = parseDay(text, month);
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  if (!date) return `날짜를 알아볼 수 없습니다. ${y}-${month.slice(5, 7)}-15, ${m}월 15일처럼 입력해 주세요.`;
  if (date.slice(0, 7) !== month) return `${y}년 ${m}월의 날짜만 등록할 수 있습니다. 다시 입력해 주세요.`;
  if (date < today.date) return '이미 지난 날짜입니다. 오늘 이후의 날짜를 입력해 주세요.';
  return null;
}
