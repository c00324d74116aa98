import { describe, expect, it } from 'vitest';
import { fillTemplate, isoWeek, reportDayOf, weekOfMonth } from './weeks.ts';

const NAME = '{year}년 {month}월 {week}주차 주간업무보고.xlsx';

describe('weeks', () => {
  it('counts Sunday-based weeks of the month', () => {
    // 2026-03-01 is a Sunday: 03-01..03-07 week 1, 03-08 starts week 2.
    expect(['2026-03-01', '2026-03-07', '2026-03-08', '2026-03-31'].map(weekOfMonth)).toEqual([1, 1, 2, 5]);
    // 2026-05-01 is a Friday: 05-01..05-02 week 1, Sunday 05-03 week 2.
    expect(['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-31'].map(weekOfMonth)).toEqual([1, 1, 2, 6]);
  });

  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeek('2026-01-01')).toEqual({ isoYear: 2026, isoWeek: 1 });
    expect(isoWeek('2027-01-01')).toEqual({ isoYear: 2026, isoWeek: 53 });
    expect(isoWeek('2024-12-30')).toEqual({ isoYear: 2025, isoWeek: 1 });
    expect(isoWeek('2026-03-12')).toEqual({ isoYear: 2026, isoWeek: 11 });
  });

  it('finds the Thursday of the Sunday-to-Saturday week', () => {
    expect(reportDayOf('2026-03-08')).toBe('2026-03-12');
    expect(reportDayOf('2026-03-09')).toBe('2026-03-12');
    expect(reportDayOf('2026-03-14')).toBe('2026-03-12');
  });

  it('names this and last week, also across month and year boundaries', () => {
    const names = (thursday: string, lastThursday: string) => [
      fillTemplate(NAME, thursday, thursday),
      fillTemplate(NAME, lastThursday, thursday),
    ];
    expect(names('2026-03-12', '2026-03-05')).toEqual([
      '2026년 3월 2주차 주간업무보고.xlsx',
      '2026년 3월 1주차 주간업무보고.xlsx',
    ]);
    // Thursday 04-02 is in April's week 1 (the week started in March); the Thursday before is in March's week 4.
    expect(names('2026-04-02', '2026-03-26')).toEqual([
      '2026년 4월 1주차 주간업무보고.xlsx',
      '2026년 3월 4주차 주간업무보고.xlsx',
    ]);
    expect(names('2027-01-07', '2026-12-31')).toEqual([
      '2027년 1월 2주차 주간업무보고.xlsx',
      '2026년 12월 5주차 주간업무보고.xlsx',
    ]);
    expect(fillTemplate('{isoYear}-W{isoWeek2} 주간보고.xlsx', '2026-12-31', '2026-12-31')).toBe(
      '2026-W53 주간보고.xlsx',
    );
    expect(fillTemplate('{isoYear}-W{isoWeek2}', '2027-01-07', '2027-01-07')).toBe('2027-W01');
  });

  it('fills dates with offsets and formats, and leaves unknown keys as written', () => {
    expect(fillTemplate('{date+4}', '2026-03-12', '2026-03-11')).toBe('2026-03-16');
    expect(fillTemplate('{date+4|YYYY년 M월 D일(ddd)}', '2026-03-12', '2026-03-11')).toBe(
      '2026년 3월 16일(월)',
    );
    expect(fillTemplate('{today|MM/DD}', '2026-03-12', '2026-03-11')).toBe('03/11');
    expect(fillTemplate('{month2}월 {yaer}', '2026-03-12', '2026-03-12')).toBe('03월 {yaer}');
  });
});
