/**
 * US equity markets: NYSE (XNYS), Nasdaq (XNAS) and CME Globex equity (CME).
 *
 * Holidays per NYSE Rule 7.2 (Nasdaq follows the same schedule): New Year's Day, Martin Luther
 * King Jr. Day, Washington's Birthday, Good Friday, Memorial Day, Juneteenth (since 2022),
 * Independence Day, Labor Day, Thanksgiving and Christmas. A holiday on a Saturday is observed
 * the Friday before, on a Sunday the Monday after — except New Year's Day on a Saturday, which
 * is not observed at all (Rule 7.2: the market does not close on Friday, December 31).
 *
 * Early closes at 13:00 ET: the day before Independence Day, the day after Thanksgiving and
 * Christmas Eve — each only when it is a weekday the market is open.
 */
import {
  addDays,
  ClosureSet,
  dayOfWeek,
  easterSunday,
  memoByYear,
  nthWeekday,
  observeNearest,
  tradingSpecials,
  ymd,
} from './dates.ts';
import type { ExchangeRules, RuleClosure, SpecialSession } from './types.ts';

/**
 * One-off closures. 2025-01-09: national day of mourning for President Carter (NYSE and Nasdaq
 * closed; CME equity futures traded a shortened session, which opsbot treats as closed).
 */
const AD_HOC: ReadonlyArray<RuleClosure> = [
  { date: '2025-01-09', name: 'National Day of Mourning (Jimmy Carter)' },
];

function usClosures(year: number): RuleClosure[] {
  const set = new ClosureSet();
  const newYear = ymd(year, 1, 1);
  if (dayOfWeek(newYear) !== 6) set.add(observeNearest(newYear), "New Year's Day");
  set.add(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  set.add(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  set.add(addDays(easterSunday(year), -2), 'Good Friday');
  set.add(nthWeekday(year, 5, 1, -1), 'Memorial Day');
  if (year >= 2022) set.add(observeNearest(ymd(year, 6, 19)), 'Juneteenth National Independence Day');
  set.add(observeNearest(ymd(year, 7, 4)), 'Independence Day');
  set.add(nthWeekday(year, 9, 1, 1), 'Labor Day');
  set.add(nthWeekday(year, 11, 4, 4), 'Thanksgiving Day');
  set.add(observeNearest(ymd(year, 12, 25)), 'Christmas Day');
  for (const { date, name } of AD_HOC) if (date.startsWith(`${year}-`)) set.add(date, name);
  return set.list();
}

const closures = memoByYear(usClosures);

function isClosed(date: string): boolean {
  return closures(Number(date.slice(0, 4))).some((c) => c.date === date);
}

function usSpecials(year: number): SpecialSession[] {
  return tradingSpecials(
    [
      { date: ymd(year, 7, 3), close: '13:00', name: 'Day before Independence Day' },
      { date: addDays(nthWeekday(year, 11, 4, 4), 1), close: '13:00', name: 'Day after Thanksgiving' },
      { date: ymd(year, 12, 24), close: '13:00', name: 'Christmas Eve' },
    ],
    isClosed,
  );
}

const specials = memoByYear(usSpecials);

const US_EQUITY = {
  timezone: 'America/New_York',
  weekend: [0, 6],
  session: { open: '09:30', close: '16:00' },
  closures,
  specials,
} as const;

export const xnys: ExchangeRules = { mic: 'XNYS', name: 'New York Stock Exchange', ...US_EQUITY };

export const xnas: ExchangeRules = { mic: 'XNAS', name: 'Nasdaq', ...US_EQUITY };

/**
 * CME Globex equity index futures. Globex actually trades almost around the clock (Sunday 18:00 –
 * Friday 17:00 ET with a daily break) and stays open with a shortened session, closing early, on
 * several of these holidays (MLK Day, Presidents' Day, Memorial Day, Juneteenth, Independence Day,
 * Labor Day, Thanksgiving). For scheduling, opsbot simplifies: the cash-equity hours 09:30–16:00 ET
 * and the NYSE closure list — a holiday with only a shortened Globex session counts as closed.
 */
export const cme: ExchangeRules = { mic: 'CME', name: 'CME Globex (equity)', ...US_EQUITY };
