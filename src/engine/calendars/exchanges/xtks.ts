/**
 * XTKS — Tokyo Stock Exchange (JPX), Asia/Tokyo.
 *
 * Hours 09:00–15:30 since 2024-11-05 (arrowhead 4.0; 15:00 before). The 11:30–12:30 lunch break
 * is not modelled: the rules contract has no breaks.
 *
 * Closed (TSE Business Regulations, Art. 15): Japanese national holidays including substitute
 * holidays (振替休日) and citizens' holidays (国民の休日), from date-holidays 'JP' type `public`;
 * plus the exchange's year-end/new-year holidays Jan 2, Jan 3 and Dec 31. There are no half days
 * (the 大納会 and 大発会 sessions are full days since 2009/2012).
 */
import { ClosureSet, expandHolidays, memoByYear, ymd } from './dates.ts';
import { lazyHolidays } from './holiday-data.ts';
import type { ExchangeRules, RuleClosure } from './types.ts';

const japan = lazyHolidays('JP');

function xtksClosures(year: number): RuleClosure[] {
  const set = new ClosureSet();
  for (const { date, name } of expandHolidays(japan(), year, (item) => item.type === 'public'))
    set.add(date, name);
  set.add(ymd(year, 1, 2), '年始休業日');
  set.add(ymd(year, 1, 3), '年始休業日');
  set.add(ymd(year, 12, 31), '年末休業日');
  return set.list();
}

export const xtks: ExchangeRules = {
  mic: 'XTKS',
  name: 'Tokyo Stock Exchange',
  timezone: 'Asia/Tokyo',
  weekend: [0, 6],
  session: { open: '09:00', close: '15:30' },
  closures: memoByYear(xtksClosures),
  specials: () => [],
};
