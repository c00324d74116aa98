import type { CompiledQuery, Selectable } from 'kysely';
import { OpsbotError } from '../errors.ts';
import type { StoreContext } from './context.ts';
import type { HolidaysTable } from './schema.ts';
import type { HolidayEntry, HolidayRepo } from './types.ts';

const KINDS: ReadonlySet<string> = new Set(['closed', 'open', 'session']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Curated market-calendar entries, one per (exchange, date); they override the exchange rules. */
export class HolidayRepository implements HolidayRepo {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async put(entry: HolidayEntry): Promise<void> {
    await this.#ctx.db.executeQuery(this.#upsert(toRow(entry)));
  }

  /**
   * Every row is checked before anything is written, then all go in one transaction. One upsert per
   * row (not one multi-row INSERT): Postgres refuses an ON CONFLICT that hits the same key twice in a
   * statement, and a batch that names a day twice should simply end with the last entry.
   */
  async putMany(entries: HolidayEntry[]): Promise<void> {
    const queries = entries.map((entry) => this.#upsert(toRow(entry)));
    if (queries.length > 0) await this.#ctx.atomically(queries);
  }

  async get(exchange: string, date: string): Promise<HolidayEntry | undefined> {
    const row = await this.#ctx.db
      .selectFrom('holidays')
      .selectAll()
      .where('exchange', '=', exchange.toUpperCase())
      .where('date', '=', date)
      .executeTakeFirst();
    return row && toEntry(row);
  }

  async delete(exchange: string, date: string): Promise<boolean> {
    const result = await this.#ctx.db
      .deleteFrom('holidays')
      .where('exchange', '=', exchange.toUpperCase())
      .where('date', '=', date)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(filter: { exchange?: string; from?: string; to?: string } = {}): Promise<HolidayEntry[]> {
    let query = this.#ctx.db.selectFrom('holidays').selectAll();
    if (filter.exchange) query = query.where('exchange', '=', filter.exchange.toUpperCase());
    // YYYY-MM-DD compares as text in date order, in both dialects.
    if (filter.from) query = query.where('date', '>=', filter.from);
    if (filter.to) query = query.where('date', '<=', filter.to);
    const rows = await query.orderBy('exchange').orderBy('date').execute();
    return rows.map(toEntry);
  }

  #upsert(row: Selectable<HolidaysTable>): CompiledQuery {
    const { exchange: _exchange, date: _date, ...rest } = row;
    return this.#ctx.db
      .insertInto('holidays')
      .values(row)
      .onConflict((oc) => oc.columns(['exchange', 'date']).doUpdateSet(rest))
      .compile();
  }
}

function toRow(entry: HolidayEntry): Selectable<HolidaysTable> {
  const where = `holiday ${entry.exchange} ${entry.date}`;
  const bad = (message: string) => new OpsbotError('HOLIDAY_ENTRY', `${where}: ${message}`);
  if (typeof entry.exchange !== 'string' || entry.exchange.trim() === '') throw bad('exchange is empty');
  if (!isDate(entry.date)) throw bad('date must be a real YYYY-MM-DD date');
  if (!KINDS.has(entry.kind)) throw bad(`kind must be closed, open or session, got "${entry.kind}"`);
  if (typeof entry.name !== 'string') throw bad('name is missing');
  for (const time of [entry.open, entry.close]) {
    if (time != null && !TIME.test(time)) throw bad(`hours must be HH:MM, got "${time}"`);
  }
  if (typeof entry.source !== 'string' || entry.source === '') throw bad('source is empty');
  return {
    exchange: entry.exchange.toUpperCase(),
    date: entry.date,
    kind: entry.kind,
    name: entry.name,
    // Hours only mean something for a session; keeping them on a closure would mislead readers.
    open: entry.kind === 'session' ? (entry.open ?? null) : null,
    close: entry.kind === 'session' ? (entry.close ?? null) : null,
    source: entry.source,
    updated_at: entry.updatedAt,
  };
}

function toEntry(row: Selectable<HolidaysTable>): HolidayEntry {
  return {
    exchange: row.exchange,
    date: row.date,
    kind: row.kind as HolidayEntry['kind'],
    name: row.name,
    open: row.open,
    close: row.close,
    source: row.source,
    updatedAt: Number(row.updated_at),
  };
}

/** A YYYY-MM-DD that names a real day (2026-02-30 does not). */
function isDate(text: unknown): boolean {
  const match = typeof text === 'string' ? DATE.exec(text) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}
