/**
 * XHKG — Hong Kong Exchanges (HKEX securities market), Asia/Hong_Kong, 09:30–16:00 (the
 * 12:00–13:00 lunch break is not modelled: the rules contract has no breaks).
 *
 * Closed on Hong Kong general holidays (General Holidays Ordinance, Cap. 149), from date-holidays
 * 'HK' type `public`, which applies the ordinance's substitutes (a holiday on a Sunday moves to
 * the next day; 2026's 清明節翌日, 佛誕翌日, 重陽節翌日 and 2027's 農曆年初四 come out right).
 * The lunar dates were checked against the gazetted 2025 and 2026 lists.
 *
 * Half days (morning session only, close 12:00) on the eves of Christmas, New Year and Lunar New
 * Year when they fall on a weekday (HKEX trading calendar). Typhoon / black-rainstorm closures
 * are decided on the day and are not rules.
 */
import { addDays, ClosureSet, expandHolidays, memoByYear, tradingSpecials, ymd } from './dates.ts';
import { lazyHolidays } from './holiday-data.ts';
import type { ExchangeRules, RuleClosure, SpecialSession } from './types.ts';

const hongKong = lazyHolidays('HK');
/** Mainland data, for the Chinese (not Korean: 2027 differs) lunar new year; see lunarNewYear. */
const china = lazyHolidays('CN');

function xhkgClosures(year: number): RuleClosure[] {
  const set = new ClosureSet();
  for (const { date, name } of expandHolidays(hongKong(), year, (item) => item.type === 'public'))
    set.add(date, name);
  return set.list();
}

const closures = memoByYear(xhkgClosures);

/**
 * Chinese New Year's Day (正月初一). date-holidays 'CN' lists 春节 as New Year's Eve, day 1 and
 * day 2 (its rule "chinese 01-0-00" … "01-0-02"); day 1 is the second entry.
 */
export function lunarNewYear(year: number): string {
  const days = china()
    .getHolidays(year)
    .filter((item) => item.name === '春节')
    .map((item) => item.date.slice(0, 10))
    .sort();
  const eve = days[0];
  if (!eve) throw new RangeError(`date-holidays has no 春节 for ${year}`);
  return addDays(eve, 1);
}

function xhkgSpecials(year: number): SpecialSession[] {
  const closed = (date: string) => closures(year).some((c) => c.date === date);
  return tradingSpecials(
    [
      { date: addDays(lunarNewYear(year), -1), close: '12:00', name: 'Lunar New Year’s Eve' },
      { date: ymd(year, 12, 24), close: '12:00', name: 'Christmas Eve' },
      { date: ymd(year, 12, 31), close: '12:00', name: 'New Year’s Eve' },
    ],
    closed,
  );
}

export const xhkg: ExchangeRules = {
  mic: 'XHKG',
  name: 'Hong Kong Exchanges',
  timezone: 'Asia/Hong_Kong',
  weekend: [0, 6],
  session: { open: '09:30', close: '16:00' },
  closures,
  specials: memoByYear(xhkgSpecials),
};
