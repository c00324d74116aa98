import { hasProviders, providerDiff } from '../../engine/calendars/providers/provider-diff.ts';
import { usageError } from '../../platform/errors.ts';
import { printJson, say, table } from '../output.ts';
import { exchangeArg, type RangeOpts, withCalendars } from './holiday.ts';

/**
 * `opsbot holiday diff`: what the configured providers (data.go.kr for XKRX, Abstract API by
 * country) say that the calendar does not, and the other way round. Suggestions only: it never
 * writes; a person applies what is right with `holiday add|remove|update`.
 */

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
      if (!hasProviders(config)) {
        throw usageError(
          'no holiday provider configured: add holidayProviders.abstract or .datagokr to the config',
        );
      }
      const range = { from: `${year}-01-01`, to: `${year}-12-31` };
      const exchanges = opts.exchange ? { exchanges: [opts.exchange] } : {};
      return providerDiff(config, calendars, { ...range, ...exchanges });
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
