import { defineApp } from 'opsbot';
import { createTestApp } from 'opsbot/testing';
import { describe, expect, it } from 'vitest';
import { isoWeekOf, OfficeCalendar, weekdayOfWeek } from './calendar.ts';
import { type Options, options } from './options.ts';
import { deadlineOf, parseDay, pickMonth, pickProblem } from './pick-window.ts';

const RULE = { deadlineDay: 3, deadlineAt: '14:00' };

async function calendar(closed: string[] = []) {
  const app = defineApp({ options });
  const t = createTestApp<Options>(app, {
    options: { catalogue: 'x.yaml' },
    closed: { 'holidays:KR': closed },
  });
  return OfficeCalendar.of(t.ctx);
}

describe('day pick window', () => {
  it('reads the ways people type a date, in the pick month’s year', () => {
    expect(parseDay('2026-04-15', '2026-04')).toBe('2026-04-15');
    expect(parseDay('2026.4.5', '2026-04')).toBe('2026-04-05');
    expect(parseDay('04-15', '2027-01')).toBe('2027-04-15');
    expect(parseDay('1월 9일', '2027-01')).toBe('2027-01-09');
    expect(parseDay('1월9', '2027-01')).toBe('2027-01-09');
    expect(parseDay('2026-02-29', '2026-02')).toBeNull();
    expect(parseDay('15', '2026-04')).toBeNull();
  });

  it('says why a date will not do', () => {
    const today = { date: '2026-04-10', time: '10:00', month: '2026-04' };
    expect(pickProblem('2026-04-10', '2026-04', today)).toBeNull();
    expect(pickProblem('2026-04-09', '2026-04', today)).toBe(
      '이미 지난 날짜입니다. 오늘 이후의 날짜를 입력해 주세요.',
    );
    expect(pickProblem('5월 1일', '2026-04', today)).toBe(
      '2026년 4월의 날짜만 등록할 수 있습니다. 다시 입력해 주세요.',
    );
  });

  it('moves a closed deadline day to the next working day, and switches month once it passed', async () => {
    const cal = await calendar(['2026-06-03']);
    expect(await deadlineOf(cal, '2026-05', RULE)).toEqual({ date: '2026-05-04', time: '14:00' });
    expect(await deadlineOf(cal, '2026-06', RULE)).toEqual({ date: '2026-06-04', time: '14:00' });
    expect(await pickMonth(cal, { date: '2026-05-04', time: '13:59', month: '2026-05' }, RULE)).toBe(
      '2026-05',
    );
    expect(await pickMonth(cal, { date: '2026-05-04', time: '14:00', month: '2026-05' }, RULE)).toBe(
      '2026-06',
    );
    expect(await pickMonth(cal, { date: '2026-12-20', time: '09:00', month: '2026-12' }, RULE)).toBe(
      '2027-01',
    );
  });

  it('names ISO weeks and weekdays of a week', () => {
    expect(isoWeekOf('2026-04-01')).toBe('2026-W14');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(weekdayOfWeek('2026-04-01', 5)).toBe('2026-04-03');
    expect(weekdayOfWeek('2026-04-05', 5)).toBe('2026-04-03');
  });
});
