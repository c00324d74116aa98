import { describe, expect, it } from 'vitest';
import { isWeekday } from './dates.ts';
import type { ExchangeRules } from './types.ts';
import { lunarNewYear, xhkg } from './xhkg.ts';
import { xlon } from './xlon.ts';
import { xshg } from './xshg.ts';
import { xtks } from './xtks.ts';

const weekdayClosures = (rules: ExchangeRules, year: number) =>
  rules
    .closures(year)
    .map((c) => c.date)
    .filter(isWeekday);

describe('xtks', () => {
  it('2025: national holidays with substitutes plus Jan 2–3 and Dec 31', () => {
    expect(weekdayClosures(xtks, 2025)).toEqual([
      '2025-01-01',
      '2025-01-02',
      '2025-01-03',
      '2025-01-13',
      '2025-02-11',
      '2025-02-24', // 天皇誕生日 振替休日
      '2025-03-20',
      '2025-04-29',
      '2025-05-05',
      '2025-05-06', // みどりの日 振替休日
      '2025-07-21',
      '2025-08-11',
      '2025-09-15',
      '2025-09-23',
      '2025-10-13',
      '2025-11-03',
      '2025-11-24', // 勤労感謝の日 振替休日
      '2025-12-31',
    ]);
  });

  it('2026 and 2027 key dates', () => {
    const y2026 = weekdayClosures(xtks, 2026);
    expect(y2026).toContain('2026-05-06'); // 憲法記念日 振替休日
    expect(y2026).toContain('2026-09-22'); // 国民の休日 between 敬老の日 and 秋分の日
    expect(y2026).not.toContain('2026-12-25'); // Christmas is only an observance
    expect(y2026).toHaveLength(19);
    const y2027 = weekdayClosures(xtks, 2027);
    expect(y2027).toContain('2027-03-22'); // 春分の日 振替休日
    expect(y2027).toContain('2027-12-31');
    expect(y2027).toHaveLength(17);
    expect(xtks.session).toEqual({ open: '09:00', close: '15:30' });
    expect(xtks.specials(2026)).toEqual([]);
  });
});

describe('xhkg', () => {
  it('2025: full closure list', () => {
    expect(weekdayClosures(xhkg, 2025)).toEqual([
      '2025-01-01',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-04',
      '2025-04-18',
      '2025-04-21',
      '2025-05-01',
      '2025-05-05',
      '2025-07-01',
      '2025-10-01',
      '2025-10-07',
      '2025-10-29',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('2026 and 2027: Sunday holidays move to the next day', () => {
    const y2026 = weekdayClosures(xhkg, 2026);
    for (const date of ['2026-02-17', '2026-04-06', '2026-04-07', '2026-05-25', '2026-06-19', '2026-10-19']) {
      expect(y2026).toContain(date);
    }
    const y2027 = weekdayClosures(xhkg, 2027);
    for (const date of ['2027-02-08', '2027-02-09', '2027-03-26', '2027-03-29', '2027-04-05', '2027-12-27']) {
      expect(y2027).toContain(date);
    }
  });

  it('uses the Chinese lunar new year (2027 differs from the Korean one)', () => {
    expect([2025, 2026, 2027].map(lunarNewYear)).toEqual(['2025-01-29', '2026-02-17', '2027-02-06']);
  });

  it('has half days on the eves of Lunar New Year, Christmas and New Year when weekdays', () => {
    expect(xhkg.specials(2026)).toEqual([
      { date: '2026-02-16', close: '12:00', name: 'Lunar New Year’s Eve' },
      { date: '2026-12-24', close: '12:00', name: 'Christmas Eve' },
      { date: '2026-12-31', close: '12:00', name: 'New Year’s Eve' },
    ]);
    expect(xhkg.specials(2025).map((s) => s.date)).toEqual(['2025-01-28', '2025-12-24', '2025-12-31']);
    expect(xhkg.specials(2027).map((s) => s.date)).toEqual(['2027-02-05', '2027-12-24', '2027-12-31']);
  });
});

describe('xlon', () => {
  it('full closure lists 2025–2027 with substitutes', () => {
    expect(weekdayClosures(xlon, 2025)).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(weekdayClosures(xlon, 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28', // Boxing Day (Sat) substitute
    ]);
    expect(weekdayClosures(xlon, 2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27', // Christmas (Sat) substitute
      '2027-12-28', // Boxing Day (Sun) substitute
    ]);
  });

  it('closes New Year on the Monday when Jan 1 is a weekend', () => {
    expect(weekdayClosures(xlon, 2028)[0]).toBe('2028-01-03');
  });

  it('closes at 12:30 on Christmas Eve and New Year’s Eve when weekdays', () => {
    for (const year of [2025, 2026, 2027]) {
      expect(xlon.specials(year).map((s) => [s.date, s.close])).toEqual([
        [`${year}-12-24`, '12:30'],
        [`${year}-12-31`, '12:30'],
      ]);
    }
    expect(xlon.specials(2028)).toEqual([]); // both fall on a Sunday
  });
});

describe('xshg', () => {
  it('2025: all weekdays of the State Council periods', () => {
    expect(weekdayClosures(xshg, 2025)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-03',
      '2025-02-04',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-05-05',
      '2025-06-02',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
  });

  it('2026: all weekdays of the State Council periods; make-up Saturdays stay closed', () => {
    expect(weekdayClosures(xshg, 2026)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23',
      '2026-04-06',
      '2026-05-01',
      '2026-05-04',
      '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    // 2026-02-14 and 02-28 are 调休 workdays but Saturdays: no trading, and not "closures" either.
    expect(xshg.weekend).toEqual([0, 6]);
  });

  it('2027 (best effort, no notice yet): key dates', () => {
    const y2027 = weekdayClosures(xshg, 2027);
    for (const date of [
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-02-12',
      '2027-04-05',
      '2027-05-03',
      '2027-05-05',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-07',
    ]) {
      expect(y2027).toContain(date);
    }
  });
});
