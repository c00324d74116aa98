import * as gazette from '@hyunbinseo/holidays-kr/all';
import { describe, expect, it } from 'vitest';
import { isWeekday } from './dates.ts';
import { estimateKoreanHolidays, xkrx } from './xkrx.ts';

function weekdayClosures(year: number): string[] {
  return xkrx
    .closures(year)
    .map((c) => c.date)
    .filter(isWeekday);
}

// Reference B5 (exchange_calendars fixture + manually_added_holidays, cross-checked with KRX notices).
const KRX_2025 = [
  '2025-01-01', // 신정
  '2025-01-27', // 임시공휴일
  '2025-01-28',
  '2025-01-29',
  '2025-01-30', // 설날
  '2025-03-03', // 대체공휴일(3ㆍ1절)
  '2025-05-01', // 근로자의 날 (KRX closure)
  '2025-05-05', // 어린이날 + 부처님 오신 날
  '2025-05-06', // 대체공휴일
  '2025-06-03', // 대통령선거
  '2025-06-06', // 현충일
  '2025-08-15', // 광복절
  '2025-10-03', // 개천절
  '2025-10-06',
  '2025-10-07', // 추석 (전날은 일요일)
  '2025-10-08', // 대체공휴일(추석)
  '2025-10-09', // 한글날
  '2025-12-25', // 기독탄신일
  '2025-12-31', // 연말 휴장일
];

const KRX_2026 = [
  '2026-01-01',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18', // 설날
  '2026-03-02', // 대체공휴일(3ㆍ1절)
  '2026-05-01', // 노동절
  '2026-05-05', // 어린이날
  '2026-05-25', // 대체공휴일(부처님 오신 날)
  '2026-06-03', // 전국동시지방선거
  '2026-07-17', // 제헌절 — UNCONFIRMED by KRX, gazette lists it
  '2026-08-17', // 대체공휴일(광복절)
  '2026-09-24',
  '2026-09-25', // 추석 (다음 날은 토요일, 대체 없음)
  '2026-10-05', // 대체공휴일(개천절)
  '2026-10-09', // 한글날
  '2026-12-25', // 기독탄신일
  '2026-12-31', // 연말 휴장일
];

describe('xkrx closures', () => {
  it('matches the 2025 KRX table exactly (19 weekday closures)', () => {
    expect(weekdayClosures(2025)).toEqual(KRX_2025);
  });

  it('matches the 2026 KRX table exactly (16 + 제헌절)', () => {
    expect(weekdayClosures(2026)).toEqual(KRX_2026);
  });

  it('names the days in Korean', () => {
    const names = new Map(xkrx.closures(2025).map((c) => [c.date, c.name]));
    expect(names.get('2025-01-29')).toBe('설날');
    expect(names.get('2025-05-05')).toBe('어린이날, 부처님 오신 날');
    expect(names.get('2025-05-01')).toBe('근로자의 날');
    expect(names.get('2025-12-31')).toBe('연말 휴장일');
    expect(names.get('2025-12-25')).toBe('기독탄신일');
    expect(xkrx.closures(2026).find((c) => c.date === '2026-05-01')?.name).toBe('노동절');
  });

  it('has the 2027 national holidays of the gazette, checked by hand', () => {
    const closed = new Set(xkrx.closures(2027).map((c) => c.date));
    const expected2027 = [
      '2027-01-01', // 1월 1일
      '2027-02-06',
      '2027-02-07',
      '2027-02-08', // 설날 (Sat–Mon)
      '2027-02-09', // 대체공휴일(설날): 02-07 is a Sunday
      '2027-03-01', // 3ㆍ1절 (Mon)
      '2027-05-01', // 노동절 (Sat)
      '2027-05-03', // 대체공휴일(노동절)
      '2027-05-05', // 어린이날
      '2027-05-13', // 부처님 오신 날
      '2027-06-06', // 현충일 (Sun, no substitute)
      '2027-07-17', // 제헌절 (Sat)
      '2027-07-19', // 대체공휴일(제헌절)
      '2027-08-15', // 광복절 (Sun)
      '2027-08-16', // 대체공휴일(광복절)
      '2027-09-14',
      '2027-09-15',
      '2027-09-16', // 추석
      '2027-10-03', // 개천절 (Sun)
      '2027-10-04', // 대체공휴일(개천절)
      '2027-10-09', // 한글날 (Sat)
      '2027-10-11', // 대체공휴일(한글날)
      '2027-12-25', // 기독탄신일 (Sat)
      '2027-12-27', // 대체공휴일(기독탄신일)
      '2027-12-31', // 연말 휴장일 (Fri)
    ];
    expect([...closed].sort()).toEqual(expected2027);
    expect(weekdayClosures(2027)).toHaveLength(16);
  });

  it('rolls the year-end closure back to the last business day', () => {
    // 2028-12-31 is a Sunday, 12-30 a Saturday → Friday 12-29.
    expect(xkrx.closures(2028).find((c) => c.name === '연말 휴장일')?.date).toBe('2028-12-29');
    // 2022-12-31 is a Saturday → Friday 12-30.
    expect(xkrx.closures(2022).find((c) => c.name === '연말 휴장일')?.date).toBe('2022-12-30');
  });

  it('covers the gazette years', () => {
    expect(xkrx.coverage).toEqual({ from: 2018, to: 2027 });
    expect(xkrx.session).toEqual({ open: '09:00', close: '15:30' });
  });

  it('memoizes, and hands out copies', () => {
    const first = xkrx.closures(2026);
    const count = first.length;
    first.length = 0;
    expect(xkrx.closures(2026)).toHaveLength(count);
    expect(count).toBe(23); // 22 gazette days (weekends included) + 연말 휴장일
  });
});

describe('xkrx special sessions', () => {
  it('opens at 10:00 on the first trading day and shifts CSAT day by one hour', () => {
    expect(xkrx.specials(2025)).toEqual([
      { date: '2025-01-02', open: '10:00', name: '새해 첫 거래일(1시간 늦은 개장)' },
      { date: '2025-11-13', open: '10:00', close: '16:30', name: '대학수학능력시험일' },
    ]);
    expect(xkrx.specials(2026).map((s) => [s.date, s.open, s.close])).toEqual([
      ['2026-01-02', '10:00', undefined],
      ['2026-11-19', '10:00', '16:30'], // UNCONFIRMED CSAT date
    ]);
    // 2027-01-01 is a Friday holiday: the first session is Monday 01-04. CSAT 2027 not known yet.
    expect(xkrx.specials(2027).map((s) => s.date)).toEqual(['2027-01-04']);
  });
});

describe('estimateKoreanHolidays (years after the gazette)', () => {
  it('reproduces the gazette for 2019–2027, apart from elections and temporary holidays', () => {
    for (const [key, days] of Object.entries(gazette) as Array<[string, Record<string, readonly string[]>]>) {
      const year = Number(key.slice(1));
      if (year < 2019) continue;
      const expected = Object.entries(days)
        .filter(([, names]) => !names.some((name) => /선거|임시공휴일/.test(name)))
        .map(([date]) => date);
      expect(
        estimateKoreanHolidays(year).map((c) => c.date),
        String(year),
      ).toEqual(expected);
    }
  });

  it('does not throw past the lunar tables (2050)', () => {
    expect(xkrx.closures(2060).some((c) => c.date === '2060-12-25')).toBe(true);
  });

  it('gives 2028 a Chuseok substitute for the 개천절 overlap', () => {
    const days = new Map(estimateKoreanHolidays(2028).map((c) => [c.date, c.name]));
    expect(days.get('2028-10-03')).toBe('개천절, 추석');
    expect(days.get('2028-10-05')).toBe('대체공휴일(추석)');
  });
});
