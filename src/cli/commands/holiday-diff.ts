import { fetchAbstractHolidays } from '../../engine/calendars/providers/abstract.ts';
import { fetchDataGoKrHolidays } from '../../engine/calendars/providers/datagokr.ts';
import { diffSuggestions } from '../../engine/calendars/providers/diff.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import { usageError } from '../../platform/errors.ts';
import { printJson, say, table } from '../output.ts';
import { exchangeArg, type RangeOpts, withCalendars } from './holiday.ts';

/**
 * `opsbot holiday diff`: what the configured providers (data.go.kr for XKRX, Abstract API by
 * country) say that the calendar does not, and the other way round. Suggestions only: it never
 * writes; a person applies what is right with `holiday add|remove|update`.
 */

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

type Suggestion = { date: string; name: string; source: string };

async function suggestionsFor(
  config: LoadedConfig,
  exchange: string,
  year: number,
): Promise<Suggestion[] | null> {
  const { abstract, datagokr } = config.holidayProviders;
  const country = config.exchanges[exchange]?.country?.slice(0, 2) ?? COUNTRY[exchange];
  const found: Suggestion[] = [];
  let asked = false;
  if (datagokr && exchange === 'XKRX') {
    asked = true;
    found.push(
      ...(await fetchDataGoKrHolidays({
        serviceKey: datagokr.serviceKey,
        year,
        ...(datagokr.url ? { baseUrl: datagokr.url } : {}),
      })),
    );
  }
  if (abstract && country) {
    asked = true;
    const days = await fetchAbstractHolidays({
      apiKey: abstract.apiKey,
      country,
      year,
      ...(abstract.url ? { baseUrl: abstract.url } : {}),
    });
    // The calendar keeps local names (설날); Abstract's English ones would all look renamed.
    found.push(...days.map((d) => ({ date: d.date, name: d.localName || d.name, source: d.source })));
  }
  return asked ? found : null;
}

export async function holidayDiffCommand(opts: RangeOpts & { year?: string }) {
  const year = Number(opts.year ?? new Date().getUTCFullYear());
  if (!Number.isInteger(year) || year < 1990 || year > 2100)
    throw usageError('--year must be a year like 2026');
  const report = await withCalendars(
    opts.config,
    (rules) => {
      if (opts.exchange) exchangeArg(rules, opts.exchange);
    },
    async ({ config, calendars }) => {
      const { abstract, datagokr } = config.holidayProviders;
      if (!abstract && !datagokr) {
        throw usageError(
          'no holiday provider configured: add holidayProviders.abstract or .datagokr to the config',
        );
      }
      const range = { from: `${year}-01-01`, to: `${year}-12-31` };
      const exchanges = opts.exchange
        ? [opts.exchange.toUpperCase()]
        : calendars.exchanges().map((e) => e.exchange);
      const out = [];
      for (const exchange of exchanges) {
        const suggested = await suggestionsFor(config, exchange, year);
        if (!suggested) continue;
        const current = await calendars.closures(exchange, range.from, range.to);
        out.push({ exchange, ...diffSuggestions(current, suggested, exchange, range) });
      }
      return out;
    },
  );
  if (opts.json) {
    printJson({ year, exchanges: report });
    return;
  }
  const rows: string[][] = [];
  for (const r of report) {
    for (const a of r.added) rows.push([r.exchange, a.date, 'provider only', a.name, a.source]);
    for (const d of r.removed) rows.push([r.exchange, d.date, 'calendar only', d.name, '']);
    for (const n of r.renamed)
      rows.push([r.exchange, n.date, 'named differently', `${n.from} → ${n.to}`, n.source]);
  }
  if (!report.length) say('no exchange has a provider that covers it');
  else if (!rows.length) say(`the providers agree with the calendar for ${year}`);
  else {
    process.stdout.write(`${table(['exchange', 'date', 'difference', 'name', 'source'], rows)}\n`);
    say('suggestions only: apply what is right with opsbot holiday add|update|remove');
  }
}
