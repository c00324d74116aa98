/**
 * XLON — London Stock Exchange, Europe/London, 08:00–16:30 (continuous trading; the closing
 * auction runs to about 16:35, which opsbot ignores).
 *
 * Closed on the England & Wales bank holidays (Banking and Financial Dealings Act 1971 and the
 * yearly royal proclamations): New Year's Day, Good Friday, Easter Monday, the early May bank
 * holiday (first Monday), the spring bank holiday (last Monday of May), the summer bank holiday
 * (last Monday of August), Christmas Day and Boxing Day. A holiday on a weekend moves to the next
 * weekday that is not already a holiday (Christmas on Saturday → Monday 27th, Boxing Day → Tuesday 28th).
 * One-off bank holidays (jubilees, coronations, state funerals) are proclaimed ad hoc; none is
 * known for 2025–2027.
 *
 * Early close 12:30 on Christmas Eve and New Year's Eve when they are weekdays (LSE trading
 * calendar: half-day sessions).
 */
import {
  addDays,
  ClosureSet,
  easterSunday,
  isWeekday,
  memoByYear,
  nthWeekday,
  tradingSpecials,
  ymd,
} from './dates.ts';
import type { ExchangeRules, RuleClosure, SpecialSession } from './types.ts';

/** The first weekday on or after `date` that `set` does not hold yet. */
function nextFree(date: string, set: ClosureSet): string {
  let at = date;
  while (!isWeekday(at) || set.has(at)) at = addDays(at, 1);
  return at;
}

function xlonClosures(year: number): RuleClosure[] {
  const set = new ClosureSet();
  set.add(nextFree(ymd(year, 1, 1), set), "New Year's Day");
  const easter = easterSunday(year);
  set.add(addDays(easter, -2), 'Good Friday');
  set.add(addDays(easter, 1), 'Easter Monday');
  set.add(nthWeekday(year, 5, 1, 1), 'Early May bank holiday');
  set.add(nthWeekday(year, 5, 1, -1), 'Spring bank holiday');
  set.add(nthWeekday(year, 8, 1, -1), 'Summer bank holiday');
  // Christmas first, so Boxing Day takes the next free weekday after it.
  set.add(nextFree(ymd(year, 12, 25), set), 'Christmas Day');
  set.add(nextFree(ymd(year, 12, 26), set), 'Boxing Day');
  return set.list();
}

const closures = memoByYear(xlonClosures);

function xlonSpecials(year: number): SpecialSession[] {
  const closed = (date: string) => closures(year).some((c) => c.date === date);
  return tradingSpecials(
    [
      { date: ymd(year, 12, 24), close: '12:30', name: 'Christmas Eve' },
      { date: ymd(year, 12, 31), close: '12:30', name: "New Year's Eve" },
    ],
    closed,
  );
}

export const xlon: ExchangeRules = {
  mic: 'XLON',
  name: 'London Stock Exchange',
  timezone: 'Europe/London',
  weekend: [0, 6],
  session: { open: '08:00', close: '16:30' },
  closures,
  specials: memoByYear(xlonSpecials),
};
