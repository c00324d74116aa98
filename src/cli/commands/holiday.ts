import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { storeFor } from '../../daemon/store-for.ts';
import {
  type CalendarEntry,
  ExchangeCalendars,
  isRealDate,
} from '../../engine/calendars/exchange-calendars.ts';
import type { ExchangeRules } from '../../engine/calendars/exchanges/types.ts';
import { exchangeRules } from '../../engine/calendars/rules-for.ts';
import type { LoadedConfig } from '../../platform/config/schema.ts';
import { errorMessage, OpsbotError, usageError } from '../../platform/errors.ts';
import type { HolidayEntry, Store } from '../../platform/store/types.ts';
import { findConfigFile, loadDaemonConfig } from '../config-file.ts';
import { change } from '../daemon-client.ts';
import { printJson, say, table } from '../output.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const FORMATS = ['csv', 'json', 'ics'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

type Opts = { config?: string; json?: boolean };
export type RangeOpts = Opts & { exchange?: string; from?: string; to?: string };

export interface Session {
  config: LoadedConfig;
  store: Store;
  calendars: ExchangeCalendars;
}

type Rules = ReadonlyMap<string, ExchangeRules>;

/** Loads the config and the exchange rules (built-in plus the config's `exchanges:`), codes upper case. */
async function loadRules(configOption: string | undefined): Promise<{ config: LoadedConfig; rules: Rules }> {
  const config = await loadDaemonConfig(findConfigFile(configOption));
  return { config, rules: exchangeRules(config.exchanges) };
}

/**
 * Works on the store directly, like the outbox commands, so it also works while the daemon is down.
 * `check` sees the rules before the store opens: bad arguments fail without touching it.
 */
export async function withCalendars<T>(
  configOption: string | undefined,
  check: (rules: Rules) => void,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const { config, rules } = await loadRules(configOption);
  check(rules);
  const store = await storeFor(config);
  try {
    return await work({ config, store, calendars: new ExchangeCalendars({ rules, store: store.holidays }) });
  } finally {
    await store.close();
  }
}

export function exchangeArg(rules: Rules, exchange: string): string {
  const code = exchange.toUpperCase();
  if (!rules.has(code)) {
    const known = [...rules.keys()].sort();
    throw usageError(`unknown exchange "${exchange}" (known: ${known.join(', ') || 'none'})`);
  }
  return code;
}

function dateArg(date: string, what = 'date'): string {
  if (!isRealDate(date)) throw usageError(`${what} must be a real YYYY-MM-DD date, got "${date}"`);
  return date;
}

function timeArg(time: string | undefined, what: string): string | undefined {
  if (time !== undefined && !TIME.test(time))
    throw usageError(`${what} must be HH:MM (00:00-23:59), got "${time}"`);
  return time;
}

/** --from/--to, defaulting to the current year (or the year of the one given). */
export function rangeArgs(opts: RangeOpts): { from: string; to: string } {
  const year = (opts.from ?? opts.to ?? new Date().toISOString()).slice(0, 4);
  const from = dateArg(opts.from ?? `${year}-01-01`, '--from');
  const to = dateArg(opts.to ?? `${from.slice(0, 4)}-12-31`, '--to');
  if (from > to) throw usageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

function exchangesFor(calendars: ExchangeCalendars, exchange: string | undefined): string[] {
  return exchange ? [exchange.toUpperCase()] : calendars.exchanges().map((e) => e.exchange);
}

async function mergedRows(calendars: ExchangeCalendars, opts: RangeOpts): Promise<CalendarEntry[]> {
  const { from, to } = rangeArgs(opts);
  const rows: CalendarEntry[] = [];
  for (const exchange of exchangesFor(calendars, opts.exchange)) {
    rows.push(...(await calendars.entries(exchange, from, to)));
  }
  return rows;
}

/** The merged rows of --from/--to (and --exchange); bad arguments fail before the store opens. */
function rangeRows(opts: RangeOpts): Promise<CalendarEntry[]> {
  return withCalendars(
    opts.config,
    (rules) => {
      rangeArgs(opts);
      if (opts.exchange) exchangeArg(rules, opts.exchange);
    },
    ({ calendars }) => mergedRows(calendars, opts),
  );
}

function hours(open: string | null | undefined, close: string | null | undefined): string {
  return open || close ? `${open ?? '…'}-${close ?? '…'}` : '';
}

function weekday(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
}

export async function holidayListCommand(opts: RangeOpts) {
  const rows = await rangeRows(opts);
  if (opts.json) return printJson(rows);
  const body = rows.map((r) => [
    r.exchange,
    r.date,
    weekday(r.date),
    r.kind,
    r.name,
    hours(r.open, r.close),
    r.source,
  ]);
  process.stdout.write(`${table(['exchange', 'date', 'day', 'kind', 'name', 'hours', 'source'], body)}\n`);
  say(`${rows.length} day(s); curated entries (manual/import) override the rules`);
}

/** Changes go through the daemon's API (or, with no daemon, the same handlers under the lock). */
export async function holidayAddCommand(
  exchange: string,
  date: string,
  nameWords: string[],
  opts: Opts & { open?: string; close?: string; forceOpen?: boolean },
) {
  const name = nameWords.join(' ').trim();
  if (!name) throw usageError('give the day a name, e.g. opsbot holiday add XKRX 2026-05-01 "근로자의 날"');
  const open = timeArg(opts.open, '--open');
  const close = timeArg(opts.close, '--close');
  if (opts.forceOpen && (open || close)) {
    throw usageError('--force-open keeps the regular hours; give either --force-open or --open/--close');
  }
  dateArg(date);
  const kind: HolidayEntry['kind'] = opts.forceOpen ? 'open' : open || close ? 'session' : 'closed';
  const { entry, replaced } = await change(opts.config, 'holiday.add', {
    exchange,
    date,
    kind,
    name,
    open: open ?? null,
    close: close ?? null,
  });
  if (opts.json) return printJson(entry);
  const what =
    kind === 'closed' ? 'closed' : kind === 'open' ? 'open (forced)' : `open ${hours(open, close)}`;
  say(`${replaced ? 'replaced' : 'added'}: ${entry.exchange} ${date} ${what} — ${name}`);
}

export async function holidayUpdateCommand(
  exchange: string,
  date: string,
  opts: Opts & { name?: string; open?: string; close?: string },
) {
  const open = timeArg(opts.open, '--open');
  const close = timeArg(opts.close, '--close');
  if (opts.name === undefined && !open && !close)
    throw usageError('nothing to change: give --name, --open or --close');
  if (opts.name !== undefined && !opts.name.trim()) throw usageError('--name must not be empty');
  dateArg(date);
  const entry = await change(opts.config, 'holiday.update', {
    exchange,
    date,
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(open ? { open } : {}),
    ...(close ? { close } : {}),
  });
  if (opts.json) return printJson(entry);
  say(
    `updated: ${entry.exchange} ${entry.date} ${entry.kind} ${hours(entry.open, entry.close)} — ${entry.name}`,
  );
}

export async function holidayRemoveCommand(exchange: string, date: string, opts: Opts) {
  dateArg(date);
  const { removed } = await change(opts.config, 'holiday.remove', { exchange, date });
  if (opts.json) return printJson({ removed });
  say(`removed: ${removed.exchange} ${removed.date}`);
}

export async function holidayCheckCommand(date: string | undefined, opts: Opts & { exchange?: string }) {
  const now = Date.now();
  const days = await withCalendars(
    opts.config,
    (rules) => {
      if (date !== undefined) dateArg(date);
      if (opts.exchange) exchangeArg(rules, opts.exchange);
    },
    async ({ calendars }) => {
      const result = [];
      for (const exchange of exchangesFor(calendars, opts.exchange)) {
        const { name, timezone } = calendars.rules(exchange);
        const day = await calendars.day(exchange, date ?? calendars.today(exchange, now));
        result.push({ ...day, name, timezone });
      }
      return result;
    },
  );
  if (opts.json) return printJson(days);
  const rows = days.map((d) => [
    d.exchange,
    d.date,
    weekday(d.date),
    d.trading ? 'open' : 'closed',
    d.trading ? hours(d.session?.open, d.session?.close) : '',
    d.closure ?? d.session?.special ?? '',
  ]);
  process.stdout.write(`${table(['exchange', 'date', 'day', 'status', 'hours', 'note'], rows)}\n`);
}

export async function holidayImportCommand(file: string, opts: Opts) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read ${file}: ${errorMessage(err)}`);
  }
  const { parseHolidayFile } = await import('../../engine/calendars/io/import.ts');
  const { rules } = await loadRules(opts.config);
  const { entries, errors } = parseHolidayFile(text, path.basename(file), new Set(rules.keys()));
  if (errors.length > 0) {
    for (const e of errors) say(`${file}${e.line > 0 ? `:${e.line}` : ''}: ${e.message}`);
    throw new OpsbotError('IMPORT', `${errors.length} problem(s) in ${file}; nothing was imported`);
  }
  await change(opts.config, 'holiday.import', { entries });
  if (opts.json) return printJson({ imported: entries.length });
  say(`imported ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} from ${file}`);
}

export async function holidayExportCommand(opts: RangeOpts & { format?: string; output?: string }) {
  const format = (opts.format ?? 'csv') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw usageError(`--format must be one of ${FORMATS.join(', ')}`);
  const rows = await rangeRows(opts);
  const { formatHolidays } = await import('../../engine/calendars/io/export.ts');
  const text = formatHolidays(rows, format);
  if (!opts.output) return void process.stdout.write(text);
  await writeFile(opts.output, text);
  say(`wrote ${rows.length} day(s) to ${opts.output}`);
}
