import { describe, expect, it } from 'vitest';
import { validateCron } from '../../platform/cron.ts';
import { resolveSchedule } from './schedule-spec.ts';

describe('resolveSchedule', () => {
  it('adds `on:` days to skip, from the config or the app', () => {
    expect(
      resolveSchedule({ cron: '0 9 * * *', on: 'last-trading-day:XKRX' }, undefined, 'UTC')?.skip,
    ).toEqual(['last-trading-day:XKRX']);
    const app = { cron: '0 9 * * *', skip: ['weekends'], on: ['trading-days:XNYS'] };
    expect(resolveSchedule('30 9 * * *', app, 'UTC')?.skip).toEqual(['weekends', 'trading-days:XNYS']);
  });

  const appDefault = {
    cron: '30 7 * * 1-5',
    timezone: 'Asia/Seoul',
    skip: ['holidays:XKRX'],
    missed: 'once' as const,
  };

  it('false turns the schedule off, even over an app default', () => {
    expect(resolveSchedule(false, appDefault, 'UTC')).toBeNull();
  });

  it('no config and no app default: no schedule', () => {
    expect(resolveSchedule(undefined, undefined, 'UTC')).toBeNull();
  });

  it('fills defaults: global timezone, no skip, overlap skip, missed skip', () => {
    expect(resolveSchedule(' 0 8 * * * ', undefined, 'Europe/Berlin')).toEqual({
      cron: '0 8 * * *',
      timezone: 'Europe/Berlin',
      skip: [],
      overlap: 'skip',
      missed: 'skip',
    });
  });

  it("uses the app's default when the config has none", () => {
    expect(resolveSchedule(undefined, appDefault, 'UTC')).toEqual({
      cron: '30 7 * * 1-5',
      timezone: 'Asia/Seoul',
      skip: ['holidays:XKRX'],
      overlap: 'skip',
      missed: 'once',
    });
  });

  it("a config string replaces the cron and keeps the app's other fields", () => {
    expect(resolveSchedule('0 9 * * *', appDefault, 'UTC')).toMatchObject({
      cron: '0 9 * * *',
      timezone: 'Asia/Seoul',
      skip: ['holidays:XKRX'],
      missed: 'once',
    });
  });

  it('config fields win field by field; skip: [] drops the default skip', () => {
    const config = { cron: '0 9 * * *', timezone: 'UTC', skip: [], overlap: 'queue' as const };
    expect(resolveSchedule(config, appDefault, 'Europe/Berlin')).toEqual({
      cron: '0 9 * * *',
      timezone: 'UTC',
      skip: [],
      overlap: 'queue',
      missed: 'once',
    });
  });

  it('removes repeated calendars', () => {
    expect(
      resolveSchedule({ cron: '0 9 * * *', skip: ['weekends', 'weekends'] }, undefined, 'UTC')?.skip,
    ).toEqual(['weekends']);
  });
});

describe('validateCron', () => {
  it('accepts 5 fields, 6 fields with seconds first, and nicknames', () => {
    for (const ok of [
      '*/5 * * * *',
      '30 7 * * 1-5',
      '0 30 9 * * MON-FRI',
      '@daily',
      '@hourly',
      '0 0 29 2 *',
    ]) {
      expect({ ok, problem: validateCron(ok) }).toEqual({ ok, problem: null });
    }
  });

  it('says what is wrong', () => {
    expect(validateCron('')).toBe('cron expression is empty');
    expect(validateCron('* * * *')).toBe(
      'expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 4',
    );
    expect(validateCron('0 0 0 * * * *')).toMatch(/got 7$/);
    expect(validateCron('2026-01-01T09:00:00')).toMatch(/got 1$/);
    expect(validateCron('61 * * * *')).toBe('invalid value for minute: 61');
    expect(validateCron('0 25 * * *')).toBe('invalid value for hour: 25');
    expect(validateCron('*/0 * * * *')).toBe('syntax error, illegal stepping: 0');
    expect(validateCron('5-1 * * * *')).toBe("from value is larger than to value: '5-1'");
    expect(validateCron('a b c d e')).toBe('configuration entry 1 (a) contains illegal characters.');
    expect(validateCron('0 0 30 2 *')).toBe('never matches any date (e.g. 30 February)');
    expect(validateCron('@reboot')).toMatch(/@reboot is not supported/);
  });
});
