/**
 * XSHG — Shanghai Stock Exchange, Asia/Shanghai, 09:30–15:00 (the 11:30–13:00 lunch break is
 * not modelled: the rules contract has no breaks).
 *
 * SSE closes on every weekday inside the State Council's official holiday periods (国务院办公厅
 * 关于部分节假日安排的通知, published each November for the next year; SSE's 休市安排 notice
 * repeats them). The make-up workdays (调休上班) on weekends are NOT trading days: SSE never
 * trades on a Saturday or Sunday.
 *
 * date-holidays 'CN' gives only the statutory days (e.g. three 春节 days, not the 8–9 day period)
 * and lists half-day observances (妇女节, 青年节, 建军节) as `public`, so the periods are
 * hard-coded per year from the published notices. For other years the periods are estimated
 * (best effort, see estimatedPeriods) and must be replaced once the notice is out.
 */
import { addDays, ClosureSet, dateRange, dayOfWeek, memoByYear, ymd } from './dates.ts';
import { lazyHolidays } from './holiday-data.ts';
import type { ExchangeRules, RuleClosure } from './types.ts';

interface Period {
  from: string;
  to: string;
  name: string;
}

/** State Council notices: 国办发明电〔2024〕12号 (2024-11-12) and 〔2025〕7号 (2025-11-04). */
const PUBLISHED: ReadonlyMap<number, readonly Period[]> = new Map([
  [
    2025,
    [
      { from: '2025-01-01', to: '2025-01-01', name: '元旦' },
      { from: '2025-01-28', to: '2025-02-04', name: '春节' },
      { from: '2025-04-04', to: '2025-04-06', name: '清明节' },
      { from: '2025-05-01', to: '2025-05-05', name: '劳动节' },
      { from: '2025-05-31', to: '2025-06-02', name: '端午节' },
      { from: '2025-10-01', to: '2025-10-08', name: '国庆节、中秋节' },
    ],
  ],
  [
    2026,
    [
      { from: '2026-01-01', to: '2026-01-03', name: '元旦' },
      { from: '2026-02-15', to: '2026-02-23', name: '春节' },
      { from: '2026-04-04', to: '2026-04-06', name: '清明节' },
      { from: '2026-05-01', to: '2026-05-05', name: '劳动节' },
      { from: '2026-06-19', to: '2026-06-21', name: '端午节' },
      { from: '2026-09-25', to: '2026-09-27', name: '中秋节' },
      { from: '2026-10-01', to: '2026-10-07', name: '国庆节' },
    ],
  ],
]);

const china = lazyHolidays('CN');

/**
 * A one-day festival as a period, the way the notices usually bridge it to a weekend: a day on
 * Saturday, Sunday or Monday gives Saturday–Monday, on Friday Friday–Sunday, on Tuesday the
 * Monday before too, on Thursday the Friday after too, on Wednesday only the day.
 */
function bridged(date: string, name: string): Period {
  const offsets: Record<number, [number, number]> = {
    0: [-1, 1],
    1: [-2, 0],
    2: [-1, 0],
    3: [0, 0],
    4: [0, 1],
    5: [0, 2],
    6: [0, 2],
  };
  const [before, after] = offsets[dayOfWeek(date)] ?? [0, 0];
  return { from: addDays(date, before), to: addDays(date, after), name };
}

/** The first date date-holidays 'CN' gives for a holiday name in a year. */
function festival(year: number, name: string): string {
  const dates = china()
    .getHolidays(year)
    .filter((item) => item.name.startsWith(name))
    .map((item) => item.date.slice(0, 10))
    .sort();
  const first = dates[0];
  if (!first) throw new RangeError(`date-holidays has no ${name} for ${year}`);
  return first;
}

/**
 * Best effort for a year without a published notice (2027 and later, before 2025). The lunar
 * dates come from date-holidays 'CN' (Chinese calendar; Korean lunar dates differ in 2027).
 * 春节 runs from New Year's Eve to 正月初七 (as in 2025 and 2026); 劳动节 May 1–5 and
 * 国庆节 Oct 1–7 (fixed since 2008/2025); the rest are bridged single days.
 */
function estimatedPeriods(year: number): Period[] {
  const springEve = festival(year, '春节');
  return [
    bridged(ymd(year, 1, 1), '元旦'),
    { from: springEve, to: addDays(springEve, 7), name: '春节' },
    bridged(festival(year, '清明节'), '清明节'),
    { from: ymd(year, 5, 1), to: ymd(year, 5, 5), name: '劳动节' },
    bridged(festival(year, '端午节'), '端午节'),
    bridged(festival(year, '中秋节'), '中秋节'),
    { from: ymd(year, 10, 1), to: ymd(year, 10, 7), name: '国庆节' },
  ];
}

function xshgClosures(year: number): RuleClosure[] {
  const set = new ClosureSet();
  for (const period of PUBLISHED.get(year) ?? estimatedPeriods(year)) {
    for (const date of dateRange(period.from, period.to)) {
      // Weekend days of a period are listed too (the contract allows it); make-up Saturdays are not.
      if (date.startsWith(`${year}-`)) set.add(date, period.name);
    }
  }
  return set.list();
}

export const xshg: ExchangeRules = {
  mic: 'XSHG',
  name: 'Shanghai Stock Exchange',
  timezone: 'Asia/Shanghai',
  weekend: [0, 6],
  session: { open: '09:30', close: '15:00' },
  closures: memoByYear(xshgClosures),
  specials: () => [],
};
