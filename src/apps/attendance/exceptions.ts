import { minutesOf } from './times.ts';

/**
 * The time card's `days` field: one exception per line, the date first.
 *
 *   2026-11-13 half          반차: start → start + 4 h   (also: 반차)
 *   2026-11-20 leave         a day off, not entered       (also: 휴가, 연차)
 *   2026-11-14 09:00-13:00   these times (also on a weekend or holiday: a day worked)
 *
 * Blank lines are ignored. Each bad line gets its own message, numbered as the person sees it.
 */

export type DayException =
  | { date: string; kind: 'half' }
  | { date: string; kind: 'leave' }
  | { date: string; kind: 'times'; start: string; end: string };

export interface ParsedExceptions {
  exceptions: DayException[];
  /** "2번째 줄: …", one per bad line. */
  errors: string[];
}

const WORDS: Record<string, 'half' | 'leave'> = {
  half: 'half',
  반차: 'half',
  leave: 'leave',
  휴가: 'leave',
  연차: 'leave',
};

export const EXCEPTION_FORMAT = '예: 2026-11-13 half / 2026-11-20 leave / 2026-11-14 09:00-13:00';

export function parseExceptions(text: string | undefined): ParsedExceptions {
  const exceptions: DayException[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  (text ?? '').split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const parsed = parseLine(line);
    const where = `${index + 1}번째 줄 "${line}"`;
    if (typeof parsed === 'string') errors.push(`${where}: ${parsed}`);
    else if (seen.has(parsed.date)) errors.push(`${where}: ${parsed.date} 이(가) 두 번 적혀 있습니다`);
    else {
      seen.add(parsed.date);
      exceptions.push(parsed);
    }
  });
  return { exceptions, errors };
}

/** One line as an exception, or the reason it is not one. */
function parseLine(line: string): DayException | string {
  const [date, what, ...rest] = line.split(/\s+/);
  if (!date || !what || rest.length > 0) return `날짜와 내용을 한 칸 띄어 적으세요 (${EXCEPTION_FORMAT})`;
  if (!isRealDate(date)) return `${date} 은(는) YYYY-MM-DD 형식의 날짜가 아닙니다`;
  const kind = WORDS[what.toLowerCase()];
  if (kind) return { date, kind };
  const times = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(what);
  if (!times) return `"${what}" 대신 half, leave 또는 09:00-13:00 처럼 적으세요`;
  const [, start = '', end = ''] = times;
  const from = minutesOf(start);
  const to = minutesOf(end);
  if (from === undefined || to === undefined) return `${what} 은(는) 올바른 시각이 아닙니다 (00:00-23:59)`;
  if (to <= from) return `퇴근 시각(${end})이 출근 시각(${start})보다 늦어야 합니다`;
  return { date, kind: 'times', start, end };
}

function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
