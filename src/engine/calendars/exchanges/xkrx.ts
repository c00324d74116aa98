/**
 * XKRX — Korea Exchange (KOSPI/KOSDAQ), Asia/Seoul, Mon–Fri, 09:00–15:30 (since 2016-08-01).
 *
 * Closures (reference B1/B5, modelled on exchange_calendars' XKRX):
 * - Korean public holidays from the official gazette data in @hyunbinseo/holidays-kr (substitute
 *   holidays, elections and temporary holidays included as designated). Not date-holidays: its
 *   설날 rule is off by one day (lunar 1/1–1/3 instead of 12/30–1/2).
 * - Labor Day May 1: a KRX-only closure through 2025 (근로자의 날), a public holiday (노동절) from 2026.
 * - Ad-hoc closures the gazette data might lack (exchange_calendars' `manually_added_holidays`).
 * - The year-end closure (연말 휴장일): Dec 31, rolled back to the last weekday that is not
 *   already closed. It is a KRX rule, not a public holiday, so it never triggers a substitute.
 * Years the gazette does not cover fall back to `estimateKoreanHolidays` (a best guess).
 *
 * Special sessions: the first trading day of a year opens at 10:00 (close unchanged); on CSAT
 * (수능) day the whole session moves one hour later, 10:00–16:30.
 */
import * as gazette from '@hyunbinseo/holidays-kr/all';
import lunarModule from 'korean-lunar-calendar';
import { addDays, ClosureSet, dayOfWeek, isWeekday, memoByYear, tradingSpecials, ymd } from './dates.ts';
import type { ExchangeRules, RuleClosure, SpecialSession } from './types.ts';

/**
 * The package's types are CommonJS-flavoured (default import = the module) while Node loads its
 * ESM build (default import = the class); accept both.
 */
const KoreanLunarCalendar = ((lunarModule as unknown as { default?: unknown }).default ??
  lunarModule) as unknown as typeof lunarModule.default;

/** Gazette data by year ('YYYY-MM-DD' → names); the package ships one `yYYYY` export per year. */
const GAZETTE: ReadonlyMap<number, Readonly<Record<string, readonly string[]>>> = new Map(
  Object.entries(gazette).map(([key, days]) => [Number(key.slice(1)), days]),
);
const GAZETTE_YEARS = [...GAZETTE.keys()].sort((a, b) => a - b);

/**
 * Closures KRX announced that a stale gazette file could miss (exchange_calendars
 * `manually_added_holidays`, HEAD 2026-07). The gazette's own name wins when it has the date.
 */
const AD_HOC: ReadonlyArray<RuleClosure> = [
  { date: '2023-05-29', name: '대체공휴일(부처님 오신 날)' },
  { date: '2023-10-02', name: '임시공휴일' },
  { date: '2024-04-10', name: '제22대국회의원선거' },
  { date: '2025-01-27', name: '임시공휴일' },
  { date: '2025-06-03', name: '임시공휴일(대통령선거)' },
  { date: '2026-05-25', name: '대체공휴일(부처님 오신 날)' },
  { date: '2026-06-03', name: '전국동시지방선거' },
  { date: '2027-12-27', name: '대체공휴일(기독탄신일)' },
  { date: '2028-10-05', name: '대체공휴일(추석)' },
  { date: '2029-05-21', name: '대체공휴일(부처님 오신 날)' },
];

/**
 * CSAT (대학수학능력시험) days: KRX opens at 10:00 and closes at 16:30. Hand list as in
 * exchange_calendars `precomputed_csat_days` (which ends at 2025-11-13).
 * 2026-11-19 is UNCONFIRMED (expected date; no KRX notice yet).
 * 2027: not known yet — add the date once the Ministry of Education announces it.
 */
const CSAT_DAYS: readonly string[] = [
  '2018-11-15',
  '2019-11-14',
  '2020-12-03',
  '2021-11-18',
  '2022-11-17',
  '2023-11-16',
  '2024-11-14',
  '2025-11-13',
  '2026-11-19', // UNCONFIRMED
];

const LABOR_DAY_PUBLIC_FROM = 2026;

function koreanHolidays(year: number): RuleClosure[] {
  const official = GAZETTE.get(year);
  if (!official) return estimateKoreanHolidays(year);
  // 2026-07-17 제헌절 (restored as a public holiday in 2026) comes from the gazette. KRX closes on
  // public holidays, but has not confirmed this one (reference B1/B5: UNCONFIRMED).
  return Object.entries(official).flatMap(([date, names]) => names.map((name) => ({ date, name })));
}

/**
 * Korean public holidays (the `KR` calendar): the gazette's days, 노동절 from 2026 and the ad-hoc
 * days a stale gazette file could lack (all of which are public holidays, not KRX-only closures).
 */
function publicHolidaySet(year: number): ClosureSet {
  const set = new ClosureSet();
  for (const { date, name } of koreanHolidays(year)) set.add(date, name);
  // Added here too in case a gazette file lacks it (add() skips a name already there).
  if (year >= LABOR_DAY_PUBLIC_FROM) set.add(ymd(year, 5, 1), '노동절');
  for (const { date, name } of AD_HOC) {
    if (date.startsWith(`${year}-`) && !set.has(date)) set.add(date, name);
  }
  return set;
}

export const koreanPublicHolidays = memoByYear((year: number) => publicHolidaySet(year).list());

function xkrxClosures(year: number): RuleClosure[] {
  const set = publicHolidaySet(year);
  // Labor Day: KRX closed on May 1 through 2025 (근로자의 날), before it became a public holiday.
  if (year < LABOR_DAY_PUBLIC_FROM) set.add(ymd(year, 5, 1), '근로자의 날');
  // Year-end closure: Dec 31, or the last business day before it (KRX 휴장일 notice each December).
  let last = ymd(year, 12, 31);
  while (!isWeekday(last) || set.has(last)) last = addDays(last, -1);
  set.add(last, '연말 휴장일');
  return set.list();
}

const closures = memoByYear(xkrxClosures);

function isClosed(date: string): boolean {
  return !isWeekday(date) || closures(Number(date.slice(0, 4))).some((c) => c.date === date);
}

function xkrxSpecials(year: number): SpecialSession[] {
  // First trading day of the year: opening moved to 10:00 (KRX 개장일 notice; exchange_calendars
  // `special_offsets`), close unchanged.
  let first = ymd(year, 1, 1);
  while (isClosed(first)) first = addDays(first, 1);
  const specials: SpecialSession[] = [
    { date: first, open: '10:00', name: '새해 첫 거래일(1시간 늦은 개장)' },
  ];
  for (const date of CSAT_DAYS) {
    if (date.startsWith(`${year}-`))
      specials.push({ date, open: '10:00', close: '16:30', name: '대학수학능력시험일' });
  }
  return tradingSpecials(specials, isClosed);
}

export const xkrx: ExchangeRules = {
  mic: 'XKRX',
  name: 'Korea Exchange',
  timezone: 'Asia/Seoul',
  weekend: [0, 6],
  session: { open: '09:00', close: '15:30' },
  closures,
  specials: memoByYear(xkrxSpecials),
  coverage: { from: GAZETTE_YEARS[0] ?? 2018, to: GAZETTE_YEARS[GAZETTE_YEARS.length - 1] ?? 2027 },
};

// ---------------------------------------------------------------------------------------------
// Best guess for years the gazette data does not cover: elections and temporary holidays are
// designated ad hoc and cannot be computed. Rules (공휴일에 관한 법률, 관공서의 공휴일에 관한 규정 §3):
// - 설날 / 추석 (lunar 12/30–1/2, 8/14–8/16): a day on a Sunday or on another holiday gives one
//   substitute day after the three-day block (Saturday does not count). Since 2014.
// - 어린이날 (since 2014) and 3ㆍ1절, 광복절, 개천절, 한글날 (since 2021-08-04), 부처님 오신 날,
//   기독탄신일 (since 2023-05-04), 노동절, 제헌절 (2026): Saturday, Sunday or another holiday gives
//   the next day that is neither a weekend nor a holiday.
// - 1월 1일 and 현충일 never get a substitute.
// xkrx.test.ts checks these rules reproduce the gazette's 2023–2027 national holidays.

type Substitute = 'none' | 'sunday' | 'weekend';

interface Holiday {
  dates: string[];
  name: string;
  substitute: Substitute;
}

/** Solar date of a Korean lunar date (KARI tables, valid 1000–2050). */
function lunarToSolar(year: number, month: number, day: number): string {
  const calendar = new KoreanLunarCalendar();
  if (!calendar.setLunarDate(year, month, day, false)) {
    throw new RangeError(`no Korean lunar date ${year}/${month}/${day}`);
  }
  const solar = calendar.getSolarCalendar();
  return ymd(solar.year, solar.month, solar.day);
}

/** Three days around a lunar date, e.g. 설날 전날 / 설날 / 설날 다음 날. */
function lunarBlock(year: number, month: number, day: number): string[] {
  const main = lunarToSolar(year, month, day);
  return [addDays(main, -1), main, addDays(main, 1)];
}

function holidaysOf(year: number): Holiday[] {
  const fixed = (month: number, day: number, name: string, substitute: Substitute): Holiday => ({
    dates: [ymd(year, month, day)],
    name,
    substitute,
  });
  // Fixed-date days come first so that, on an overlap, the lunar holiday gets the substitute —
  // the way the gazette names it (2025-05-06 "대체공휴일(부처님 오신 날)").
  const list: Holiday[] = [
    fixed(1, 1, '1월 1일', 'none'),
    fixed(3, 1, '3ㆍ1절', year >= 2022 ? 'weekend' : 'none'),
    fixed(5, 5, '어린이날', year >= 2014 ? 'weekend' : 'none'),
    fixed(6, 6, '현충일', 'none'),
    fixed(8, 15, '광복절', year >= 2021 ? 'weekend' : 'none'),
    fixed(10, 3, '개천절', year >= 2021 ? 'weekend' : 'none'),
    fixed(10, 9, '한글날', year >= 2021 ? 'weekend' : 'none'),
    fixed(12, 25, '기독탄신일', year >= 2023 ? 'weekend' : 'none'),
  ];
  if (year >= 2026) {
    // 노동절 became a public holiday and 제헌절 was restored as one in 2026 (B1/B5).
    list.push(fixed(5, 1, '노동절', 'weekend'), fixed(7, 17, '제헌절', 'weekend'));
  }
  // korean-lunar-calendar's tables end at lunar 2050-11-18; later years get the solar days only.
  if (year > 2050) return list;
  const seollal = lunarBlock(year, 1, 1);
  const chuseok = lunarBlock(year, 8, 15);
  list.push(
    { dates: seollal, name: '설날', substitute: year >= 2014 ? 'sunday' : 'none' },
    {
      dates: [lunarToSolar(year, 4, 8)],
      name: '부처님 오신 날',
      substitute: year >= 2023 ? 'weekend' : 'none',
    },
    { dates: chuseok, name: '추석', substitute: year >= 2014 ? 'sunday' : 'none' },
  );
  return list;
}

function dayName(holiday: Holiday, index: number): string {
  if (holiday.dates.length !== 3) return holiday.name;
  return [`${holiday.name} 전날`, holiday.name, `${holiday.name} 다음 날`][index] ?? holiday.name;
}

/** The Korean public holidays of a year as the rules give them, substitutes included. */
export function estimateKoreanHolidays(year: number): RuleClosure[] {
  const holidays = holidaysOf(year);
  const set = new ClosureSet();
  const claimed = new Set<string>();
  const blocked: Array<{ after: string; name: string }> = [];
  for (const holiday of holidays) {
    holiday.dates.forEach((date, index) => {
      set.add(date, dayName(holiday, index));
      const day = dayOfWeek(date);
      const hit =
        claimed.has(date) ||
        (holiday.substitute === 'sunday' && day === 0) ||
        (holiday.substitute === 'weekend' && (day === 0 || day === 6));
      claimed.add(date);
      const last = holiday.dates[holiday.dates.length - 1] ?? date;
      if (hit && holiday.substitute !== 'none') blocked.push({ after: last, name: holiday.name });
    });
  }
  blocked.sort((a, b) => (a.after < b.after ? -1 : a.after > b.after ? 1 : 0));
  for (const { after, name } of blocked) {
    let date = addDays(after, 1);
    while (!isWeekday(date) || set.has(date)) date = addDays(date, 1);
    set.add(date, `대체공휴일(${name})`);
  }
  return set.list().filter((closure) => closure.date.startsWith(`${year}-`));
}
