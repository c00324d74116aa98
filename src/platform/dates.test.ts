import { describe, expect, it } from 'vitest';
import { addDays, localDate, localDateTime } from './dates.ts';

describe('dates', () => {
  const instant = Date.parse('2026-03-08T15:30:05Z');

  it('gives the local date of an instant in each zone', () => {
    expect(localDate(instant, 'UTC')).toBe('2026-03-08');
    expect(localDate(instant, 'Asia/Seoul')).toBe('2026-03-09');
    expect(localDate(instant, 'America/New_York')).toBe('2026-03-08');
    expect(localDate(Date.parse('2026-01-01T00:00:00Z'), 'America/Los_Angeles')).toBe('2025-12-31');
  });

  it('gives the local date and time on a 24-hour clock', () => {
    expect(localDateTime(instant, 'Asia/Seoul')).toBe('2026-03-09 00:30:05');
    expect(localDateTime(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026-03-08 03:00:00');
  });

  it('adds days across months, years, leap days and DST changes', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => localDate(instant, 'Mars/Olympus')).toThrow(RangeError);
  });
});
