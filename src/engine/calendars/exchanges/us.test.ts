import { describe, expect, it } from 'vitest';
import { easterSunday, isWeekday } from './dates.ts';
import { cme, xnas, xnys } from './us.ts';

const weekdayClosures = (year: number) =>
  xnys
    .closures(year)
    .map((c) => c.date)
    .filter(isWeekday);

describe('easterSunday', () => {
  it('matches known Easter dates', () => {
    expect(['2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });
});

describe('xnys', () => {
  it('2025: full closure list, incl. the Carter day of mourning', () => {
    expect(weekdayClosures(2025)).toEqual([
      '2025-01-01',
      '2025-01-09',
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ]);
    expect(xnys.specials(2025).map((s) => [s.date, s.close])).toEqual([
      ['2025-07-03', '13:00'],
      ['2025-11-28', '13:00'],
      ['2025-12-24', '13:00'],
    ]);
  });

  it('2026: Independence Day on a Saturday is observed Friday, no early close before it', () => {
    expect(weekdayClosures(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect(xnys.specials(2026).map((s) => s.date)).toEqual(['2026-11-27', '2026-12-24']);
  });

  it('2027: Juneteenth and Christmas on Saturdays are observed Fridays; July 4 Sunday → Monday', () => {
    expect(weekdayClosures(2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-24',
    ]);
    // Christmas Eve is the observed holiday itself; July 3 is a Saturday.
    expect(xnys.specials(2027).map((s) => s.date)).toEqual(['2027-11-26']);
  });

  it('does not observe New Year on Friday Dec 31 when Jan 1 is a Saturday (Rule 7.2)', () => {
    expect(xnys.closures(2021).some((c) => c.date === '2021-12-31')).toBe(false);
    expect(xnys.closures(2022).some((c) => c.date === '2022-01-03')).toBe(false);
    // Sunday → Monday: 2023-01-02.
    expect(xnys.closures(2023).some((c) => c.date === '2023-01-02')).toBe(true);
  });

  it('has no Juneteenth before 2022', () => {
    expect(xnys.closures(2021).some((c) => c.name.startsWith('Juneteenth'))).toBe(false);
  });
});

describe('xnas and cme', () => {
  it('share the NYSE schedule and hours', () => {
    for (const year of [2025, 2026, 2027]) {
      expect(xnas.closures(year)).toEqual(xnys.closures(year));
      expect(cme.closures(year)).toEqual(xnys.closures(year));
      expect(cme.specials(year)).toEqual(xnys.specials(year));
    }
    expect([xnas.mic, cme.mic, cme.timezone]).toEqual(['XNAS', 'CME', 'America/New_York']);
    expect(cme.session).toEqual({ open: '09:30', close: '16:00' });
  });
});
