import { describe, expect, it } from 'vitest';
import { captureLog } from '../scheduler/harness.ts';
import { CalendarRegistry } from './registry.ts';
import type { CalendarProvider } from './types.ts';
import { weekdayOf, weekendsCalendar } from './weekends.ts';

function holidays(exchange: string, closed: string[]): CalendarProvider {
  return {
    knows: (name) => name === `holidays:${exchange}`,
    isClosed: async (_name, date) => closed.includes(date),
  };
}

describe('weekends calendar', () => {
  it('is closed on Saturday and Sunday only', async () => {
    const week = ['2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12']; // Fri … Mon
    const closed = await Promise.all(week.map((d) => weekendsCalendar.isClosed('weekends', d)));
    expect(closed).toEqual([false, true, true, false]);
  });

  it('rejects what is not a YYYY-MM-DD date', () => {
    expect(weekdayOf('2026-01-05')).toBe(1);
    expect(() => weekdayOf('2026-02-30')).toThrow('not a YYYY-MM-DD date: "2026-02-30"');
    expect(() => weekdayOf('2026-1-5')).toThrow(TypeError);
  });
});

describe('CalendarRegistry', () => {
  it('knows weekends out of the box, not holiday calendars', () => {
    const registry = new CalendarRegistry({ log: captureLog().log });
    expect(registry.knows('weekends')).toBe(true);
    expect(registry.knows('holidays:XKRX')).toBe(false);
  });

  it('treats an unknown holiday calendar as open and warns once per name', async () => {
    const { log, lines } = captureLog();
    const registry = new CalendarRegistry({ log });
    expect(await registry.isClosed('holidays:XKRX', '2026-01-01')).toBe(false);
    expect(await registry.isClosed('holidays:XKRX', '2026-01-02')).toBe(false);
    expect(await registry.isClosed('holidays:XNYS', '2026-01-01')).toBe(false);
    expect(await registry.isClosed('weekend', '2026-01-10')).toBe(false);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'no holiday data for XKRX yet; runs are not skipped',
      'no holiday data for XNYS yet; runs are not skipped',
      'unknown calendar "weekend"; runs are not skipped',
    ]);
  });

  it('answers from a registered provider; the last registered wins; unregistering restores', async () => {
    const { log, lines } = captureLog();
    const registry = new CalendarRegistry({ log });
    expect(await registry.isClosed('holidays:XNYS', '2026-01-01')).toBe(false);
    const unregisterFirst = registry.register(holidays('XKRX', ['2026-01-01']));
    expect(await registry.isClosed('holidays:XNYS', '2026-01-02')).toBe(false);
    expect(registry.knows('holidays:XKRX')).toBe(true);
    expect(await registry.isClosed('holidays:XKRX', '2026-01-01')).toBe(true);
    expect(await registry.isClosed('holidays:XKRX', '2026-01-02')).toBe(false);

    const unregisterSecond = registry.register(holidays('XKRX', ['2026-01-02']));
    expect(await registry.isClosed('holidays:XKRX', '2026-01-02')).toBe(true);
    unregisterSecond();
    unregisterFirst();
    expect(registry.knows('holidays:XKRX')).toBe(false);
    expect(await registry.isClosed('holidays:XKRX', '2026-01-01')).toBe(false);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'no holiday data for XNYS yet; runs are not skipped',
      'no holiday data for XKRX yet; runs are not skipped',
    ]);
  });

  it('starts with the providers it is given', async () => {
    const registry = new CalendarRegistry({
      log: captureLog().log,
      providers: [holidays('XNYS', ['2026-07-03'])],
    });
    expect(registry.knows('weekends')).toBe(false);
    expect(await registry.isClosed('holidays:XNYS', '2026-07-03')).toBe(true);
  });
});
