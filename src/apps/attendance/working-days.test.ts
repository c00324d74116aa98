import { createTestApp, type TestApp } from 'opsbot/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createAttendanceApp } from './app.ts';
import { type DayException, parseExceptions } from './exceptions.ts';
import { parseMonth } from './month.ts';
import type { Options } from './options.ts';
import { FakeRunner, TEST_RECIPE } from './test-helpers.ts';
import { type MonthPlan, planMonth } from './working-days.ts';

let t: TestApp<Options>;
afterEach(() => t?.stop());

/** The plan with the test app's real KR calendar. */
async function plan(month: string, today: string, exceptions: DayException[] = []) {
  const runner = new FakeRunner();
  t = createTestApp<Options>(createAttendanceApp({ createRunner: async () => runner }), {
    options: { site: TEST_RECIPE },
  });
  return planMonth({
    calendar: t.ctx.calendar,
    calendarName: 'KR',
    today,
    month: parseMonth(month)!,
    exceptions,
    start: '09:00',
    end: '18:00',
  });
}

const dates = (p: Awaited<ReturnType<typeof plan>>) => (p as MonthPlan).days.map((d) => d.date.slice(8));

describe('working days', () => {
  it('a past month: every weekday to its end, without 추석 (09-24, 09-25; 09-26 is a Saturday)', async () => {
    const p = (await plan('202609', '2026-10-05')) as MonthPlan;
    expect(dates(p)).toEqual([
      '01',
      '02',
      '03',
      '04',
      '07',
      '08',
      '09',
      '10',
      '11',
      '14',
      '15',
      '16',
      '17',
      '18',
      '21',
      '22',
      '23',
      '28',
      '29',
      '30',
    ]);
    expect(p.holidays.map((h) => [h.date, h.name])).toEqual([
      ['2026-09-24', '추석 전날'],
      ['2026-09-25', '추석'],
    ]);
    expect(p.days[0]).toEqual({ date: '2026-09-01', start: '09:00', end: '18:00' });
    expect(p.leave).toEqual([]);
  });

  it('the current month: only up to today, never a future day', async () => {
    const p = (await plan('202609', '2026-09-15')) as MonthPlan;
    expect(dates(p)).toEqual(['01', '02', '03', '04', '07', '08', '09', '10', '11', '14', '15']);
    expect(p.holidays).toEqual([]);
  });

  it('a month after the current one is refused, keyed month', async () => {
    expect(await plan('202610', '2026-09-30')).toEqual({
      errors: { month: '2026년 10월은(는) 아직 오지 않은 달입니다. 이번 달까지만 입력할 수 있습니다.' },
    });
  });

  it('applies the exceptions: half day start + 4 h, leave skipped, explicit times, a worked Saturday', async () => {
    const { exceptions } = parseExceptions(
      '2026-09-02 half\n2026-09-03 leave\n2026-09-04 10:00-19:30\n2026-09-05 09:00-12:00',
    );
    const p = (await plan('202609', '2026-09-07', exceptions)) as MonthPlan;
    expect(p.days).toEqual([
      { date: '2026-09-01', start: '09:00', end: '18:00' },
      { date: '2026-09-02', start: '09:00', end: '13:00' },
      { date: '2026-09-04', start: '10:00', end: '19:30' },
      { date: '2026-09-05', start: '09:00', end: '12:00' },
      { date: '2026-09-07', start: '09:00', end: '18:00' },
    ]);
    expect(p.leave).toEqual(['2026-09-03']);
  });

  it('refuses exceptions outside the month, after today, or a half day on a holiday (keyed days)', async () => {
    const { exceptions } = parseExceptions(
      '2026-08-31 leave\n2026-09-20 half\n2026-09-24 half\n2026-09-26 leave',
    );
    expect(await plan('202609', '2026-09-30', exceptions)).toEqual({
      errors: {
        days: [
          '2026-08-31: 입력할 달의 날짜가 아닙니다',
          '2026-09-20: 근무일이 아닙니다 (주말 또는 공휴일)',
          '2026-09-24: 근무일이 아닙니다 (주말 또는 공휴일)',
          '2026-09-26: 근무일이 아닙니다 (주말 또는 공휴일)',
        ].join('\n'),
      },
    });
    const future = parseExceptions('2026-09-16 leave').exceptions;
    expect(await plan('202609', '2026-09-15', future)).toEqual({
      errors: { days: '2026-09-16: 오늘 이후의 날짜는 입력할 수 없습니다' },
    });
  });
});
