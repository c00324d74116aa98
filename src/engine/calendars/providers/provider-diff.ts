/**
 * What the configured holiday providers (data.go.kr for XKRX, Abstract API by country) say that
 * the calendar does not, and the other way round, per exchange over a date range. Shared by
 * `opsbot holiday diff` and the app API (`holiday.diff`, holiday-checker's weekly check).
 * Suggestions only: nothing here writes.
 */
import type { HolidayDiffReport } from '../../../contracts/daemon-api/holidays.ts';
import type { LoadedConfig } from '../../../platform/config/schema.ts';
import { fetchAbstractHolidays } from './abstract.ts';
import { fetchDataGoKrHolidays } from './datagokr.ts';
import { type CurrentClosure, diffSuggestions, type Suggestion } from './diff.ts';

/** The country whose public holidays a built-in exchange follows, for the Abstract API. */
const COUNTRY: Record<string, string> = {
  XKRX: 'KR',
  XNYS: 'US',
  XNAS: 'US',
  CME: 'US',
  XTKS: 'JP',
  XHKG: 'HK',
  XLON: 'GB',
  XSHG: 'CN',
};

export type ProviderConfig = Pick<LoadedConfig, 'holidayProviders' | 'exchanges'>;

export interface ClosureSource {
  exchanges(): Array<{ exchange: string }>;
  closures(exchange: string, from: string, to: string): Promise<CurrentClosure[]>;
}

export function hasProviders(config: ProviderConfig): boolean {
  return Boolean(config.holidayProviders.abstract || config.holidayProviders.datagokr);
}

/** Every provider's closures for one exchange and year; null when no provider covers it. */
export async function suggestionsFor(
  config: ProviderConfig,
  exchange: string,
  year: number,
): Promise<Suggestion[] | null> {
  const { abstract, datagokr } = config.holidayProviders;
  const country = config.exchanges[exchange]?.country?.slice(0, 2) ?? COUNTRY[exchange];
  const found: Suggestion[] = [];
  let asked = false;
  if (datagokr && exchange === 'XKRX') {
    asked = true;
    const base = datagokr.url ? { baseUrl: datagokr.url } : {};
    found.push(...(await fetchDataGoKrHolidays({ serviceKey: datagokr.serviceKey, year, ...base })));
  }
  if (abstract && country) {
    asked = true;
    const base = abstract.url ? { baseUrl: abstract.url } : {};
    const days = await fetchAbstractHolidays({ apiKey: abstract.apiKey, country, year, ...base });
    // The calendar keeps local names (설날); Abstract's English ones would all look renamed.
    found.push(...days.map((d) => ({ date: d.date, name: d.localName || d.name, source: d.source })));
  }
  return asked ? found : null;
}

/**
 * The differences over [from, to] for the given exchanges (default: every exchange a provider
 * covers); each year the range touches is asked once. Exchanges no provider covers are left out.
 */
export async function providerDiff(
  config: ProviderConfig,
  calendars: ClosureSource,
  range: { from: string; to: string; exchanges?: string[] },
): Promise<HolidayDiffReport['exchanges']> {
  const codes = range.exchanges?.map((e) => e.toUpperCase()) ?? calendars.exchanges().map((e) => e.exchange);
  const firstYear = Number(range.from.slice(0, 4));
  const lastYear = Number(range.to.slice(0, 4));
  const out: HolidayDiffReport['exchanges'] = [];
  for (const exchange of codes) {
    const suggested: Suggestion[] = [];
    let covered = false;
    for (let year = firstYear; year <= lastYear; year++) {
      const found = await suggestionsFor(config, exchange, year);
      if (!found) continue;
      covered = true;
      suggested.push(...found);
    }
    if (!covered) continue;
    const current = await calendars.closures(exchange, range.from, range.to);
    out.push({ exchange, ...diffSuggestions(current, suggested, exchange, range) });
  }
  return out;
}
