/**
 * Config-defined exchanges (`exchanges:` in opsbot.yaml): the `public` holidays date-holidays
 * knows for `country` (optionally "CC-STATE"), minus the ones listed in `open`, plus `closed`
 * extras and `specials`. Everything is local to the configured timezone.
 */
import type Holidays from 'date-holidays';
import { ClosureSet, expandHolidays, memoByYear } from './dates.ts';
import { holidaysOf } from './holiday-data.ts';
import type { CustomExchangeConfig, ExchangeRules, RuleClosure, SpecialSession } from './types.ts';

const SESSION = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses "HH:MM-HH:MM" (24-hour, open before close). */
export function parseSession(text: string): { open: string; close: string } {
  const match = SESSION.exec(text.trim());
  if (!match) throw new Error(`exchange session must look like "09:00-17:30", got "${text}"`);
  const open = `${match[1]}:${match[2]}`;
  const close = `${match[3]}:${match[4]}`;
  if (open >= close) throw new Error(`exchange session "${text}" must open before it closes`);
  return { open, close };
}

function countryHolidays(code: string, country: string): Holidays {
  const [nation, state, region] = country.split('-');
  const holidays = nation ? holidaysOf(nation, state, region) : undefined;
  // date-holidays does not throw on an unknown country; it just knows no holidays.
  if (!holidays || holidays.getCountries()[nation?.toUpperCase() ?? ''] === undefined) {
    throw new Error(`exchange ${code}: date-holidays does not know country "${country}"`);
  }
  return holidays;
}

export function customExchange(code: string, config: CustomExchangeConfig): ExchangeRules {
  const session = parseSession(config.session);
  const source = config.country ? countryHolidays(code, config.country) : undefined;
  const open = new Set((config.open ?? []).map((name) => name.trim().toLowerCase()));
  const keep = (item: { type: string; name: string }) =>
    item.type === 'public' && !open.has(item.name.trim().toLowerCase());

  const closures = memoByYear((year: number): RuleClosure[] => {
    const set = new ClosureSet();
    if (source) for (const { date, name } of expandHolidays(source, year, keep)) set.add(date, name);
    for (const { date, name } of config.closed ?? []) if (date.startsWith(`${year}-`)) set.add(date, name);
    return set.list();
  });
  const specials = memoByYear((year: number): SpecialSession[] =>
    (config.specials ?? [])
      .filter((special) => special.date.startsWith(`${year}-`))
      .map((special) => ({ ...special })),
  );

  return {
    mic: code,
    name: config.name,
    timezone: config.timezone,
    weekend: config.weekend ?? [0, 6],
    session,
    closures,
    specials,
  };
}
