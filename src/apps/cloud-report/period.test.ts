import { describe, expect, it } from 'vitest';
import { options } from './options.ts';
import { periodProblem, resolvePeriod } from './period.ts';

const SEOUL = 'Asia/Seoul';
const iso = (ms: number) => new Date(ms).toISOString();

describe('resolvePeriod', () => {
  it.each([
    // spec, now (UTC), timezone, label, start, end (UTC)
    [
      'last-month',
      '2026-11-30T15:30:00Z',
      SEOUL,
      '2026-11',
      '2026-10-31T15:00:00.000Z',
      '2026-11-30T15:00:00.000Z',
    ],
    // The same instant is still November 30th on a UTC host: the customer's zone decides.
    [
      'last-month',
      '2026-11-30T15:30:00Z',
      'UTC',
      '2026-10',
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ],
    [
      'last-month',
      '2027-01-01T00:00:00Z',
      SEOUL,
      '2026-12',
      '2026-11-30T15:00:00.000Z',
      '2026-12-31T15:00:00.000Z',
    ],
    [
      'month-from-day:20',
      '2026-12-19T15:00:00Z',
      SEOUL,
      '2026-11-20_2026-12-20',
      '2026-11-19T15:00:00.000Z',
      '2026-12-19T15:00:00.000Z',
    ],
    // A minute before the 20th in Seoul: the period that ended on November 20th.
    [
      'month-from-day:20',
      '2026-12-19T14:59:00Z',
      SEOUL,
      '2026-10-20_2026-11-20',
      '2026-10-19T15:00:00.000Z',
      '2026-11-19T15:00:00.000Z',
    ],
    [
      'month-from-day:20',
      '2026-01-20T00:00:00Z',
      SEOUL,
      '2025-12-20_2026-01-20',
      '2025-12-19T15:00:00.000Z',
      '2026-01-19T15:00:00.000Z',
    ],
    [
      'last-week',
      '2026-11-23T01:00:00Z',
      SEOUL,
      '2026-W47',
      '2026-11-15T15:00:00.000Z',
      '2026-11-22T15:00:00.000Z',
    ],
    // Monday 08:00 in Seoul is Sunday in UTC: a UTC customer's last week is the one before.
    [
      'last-week',
      '2026-11-22T23:00:00Z',
      'UTC',
      '2026-W46',
      '2026-11-09T00:00:00.000Z',
      '2026-11-16T00:00:00.000Z',
    ],
    [
      'last-week',
      '2027-01-04T01:00:00Z',
      SEOUL,
      '2026-W53',
      '2026-12-27T15:00:00.000Z',
      '2027-01-03T15:00:00.000Z',
    ],
    [
      '2026-02',
      '2026-11-30T15:30:00Z',
      SEOUL,
      '2026-02',
      '2026-01-31T15:00:00.000Z',
      '2026-02-28T15:00:00.000Z',
    ],
    // Daylight saving time starts on March 8th in New York: the end midnight is an hour earlier in UTC.
    [
      '2026-03',
      '2026-11-30T15:30:00Z',
      'America/New_York',
      '2026-03',
      '2026-03-01T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z',
    ],
    [
      '2026-11-20..2026-12-19',
      '2026-11-30T15:30:00Z',
      SEOUL,
      '2026-11-20_2026-12-20',
      '2026-11-19T15:00:00.000Z',
      '2026-12-19T15:00:00.000Z',
    ],
    // A range that is a whole month or week gets that label, so re-runs replace the same rows.
    [
      '2026-11-01..2026-11-30',
      '2026-11-30T15:30:00Z',
      SEOUL,
      '2026-11',
      '2026-10-31T15:00:00.000Z',
      '2026-11-30T15:00:00.000Z',
    ],
    [
      '2026-11-16..2026-11-22',
      '2026-11-30T15:30:00Z',
      SEOUL,
      '2026-W47',
      '2026-11-15T15:00:00.000Z',
      '2026-11-22T15:00:00.000Z',
    ],
    [
      '2026-11-05..2026-11-05',
      '2026-11-30T15:30:00Z',
      SEOUL,
      '2026-11-05_2026-11-06',
      '2026-11-04T15:00:00.000Z',
      '2026-11-05T15:00:00.000Z',
    ],
  ])('%s at %s in %s is %s', (spec, now, timezone, label, start, end) => {
    const period = resolvePeriod(spec, Date.parse(now), timezone);
    expect({ label: period.label, start: iso(period.start), end: iso(period.end) }).toEqual({
      label,
      start,
      end,
    });
  });

  it.each([
    ['2026-13', /is not one of/],
    ['yesterday', /is not one of/],
    ['2026-02-30..2026-03-01', /a date that does not exist/],
    ['2026-03-02..2026-03-01', /ends before it starts/],
    ['month-from-day:31', /from 1 to 28, got 31/],
    ['month-from-day:0', /from 1 to 28, got 0/],
  ])('refuses %s', (spec, problem) => {
    expect(periodProblem(spec)).toMatch(problem);
    expect(() => resolvePeriod(spec, 0, SEOUL)).toThrow(problem);
  });
});

describe('period option', () => {
  const base = { target: 'teams', customers: [{ id: 'acme', connection: 'ncp-acme' }] };

  it('takes month-from-day as a string or an object, and defaults to last-month', () => {
    expect(options.parse({ ...base, period: { 'month-from-day': 20 } }).period).toBe('month-from-day:20');
    expect(options.parse({ ...base, period: 'month-from-day:20' }).period).toBe('month-from-day:20');
    expect(options.parse(base).period).toBe('last-month');
  });

  it('refuses a bad period, an unknown kind and an empty customer list with the reason', () => {
    expect(() => options.parse({ ...base, period: '2026-11-31..2026-12-01' })).toThrow(/does not exist/);
    expect(() => options.parse({ ...base, period: { 'month-from-day': 40 } })).toThrow(/from 1 to 28/);
    const badKind = { ...base, customers: [{ id: 'acme', connection: 'c', exclude: ['servers'] }] };
    expect(() => options.parse(badKind)).toThrow(/exclude/);
    expect(() => options.parse({ target: 'teams' })).toThrow(/name customers, or connections to discover/);
    const badId = { ...base, customers: [{ id: '../x', connection: 'c' }] };
    expect(() => options.parse(badId)).toThrow(/a folder name/);
    const badZone = { ...base, customers: [{ id: 'acme', connection: 'c', timezone: 'Mars/Base' }] };
    expect(() => options.parse(badZone)).toThrow(/IANA timezone/);
  });
});
