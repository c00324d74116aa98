import type { DayInfo, ExchangeInfo, SessionHours } from '../../contracts/calendar.ts';
import { addDays, localDate } from '../../platform/dates.ts';
import { OpsbotError } from '../../platform/errors.ts';
import type { HolidayEntry, HolidayRepo } from '../../platform/store/types.ts';
import type { ExchangeRules, SpecialSession } from './exchanges/types.ts';
import type { CalendarProvider } from './types.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** `holidays:XKRX`, `trading-days:XKRX`, `last-trading-day:XKRX`, `last-trading-day:XKRX:2`, … */
const CALENDAR_NAME = /^(holidays|trading-days|last-trading-day|first-trading-day):([^:]+)(?::(\d+))?$/;
/** A run of closed days this long means the data is wrong (or the exchange is gone): stop looking. */
const GIVE_UP_DAYS = 30;
/** Manual entries are read this many days at a time while walking over days. */
const WINDOW_DAYS = 45;

/** One row of the merged calendar: a rule's closure or special session, or a curated entry. */
export interface CalendarEntry extends DayInfo {
  kind: HolidayEntry['kind'];
  open?: string | null;
  close?: string | null;
  /** 'rules' for what the exchange's rules say; otherwise the curated entry's source. */
  source: string;
}

/** What a day looks like on one exchange. */
export interface DayStatus {
  exchange: string;
  date: string;
  trading: boolean;
  /** Why it is closed ('weekend' or the closure's name); null on trading days. */
  closure: string | null;
  session: SessionHours | null;
}

interface YearRules {
  closures: Map<string, string>;
  specials: Map<string, SpecialSession>;
}

/**
 * Exchange calendars: the computed rules with the curated store entries on top. A curated entry
 * always wins: `closed` adds a closure, `open` makes a day trade (weekend or rule holiday alike),
 * `session` makes it trade with other hours. The store is read on every call, so an entry added
 * with the CLI counts at once; the rules are pure and cached per exchange and year.
 */
export class ExchangeCalendars implements CalendarProvider {
  readonly #rules: ReadonlyMap<string, ExchangeRules>;
  readonly #store: HolidayRepo;
  readonly #years = new Map<string, YearRules>();

  constructor(options: { rules: ReadonlyMap<string, ExchangeRules>; store: HolidayRepo }) {
    this.#rules = new Map([...options.rules].map(([code, r]) => [code.toUpperCase(), r]));
    this.#store = options.store;
  }

  has(exchange: string): boolean {
    return this.#rules.has(exchange.toUpperCase());
  }

  /** Every exchange, by code. */
  exchanges(): ExchangeInfo[] {
    return [...this.#rules]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, r]) => ({ exchange: code, name: r.name, timezone: r.timezone }));
  }

  /** The exchange's rules (name, timezone, regular hours). */
  rules(exchange: string): ExchangeRules {
    return this.#lookup(exchange)[1];
  }

  /** The date it is at `nowMs` in the exchange's timezone. */
  today(exchange: string, nowMs: number): string {
    return localDate(nowMs, this.#lookup(exchange)[1].timezone);
  }

  async isTradingDay(exchange: string, date: string): Promise<boolean> {
    const [code, rules] = this.#lookup(exchange);
    return this.#trades(code, rules, checkDate(date), await this.#store.get(code, date));
  }

  async day(exchange: string, date: string): Promise<DayStatus> {
    const [code, rules] = this.#lookup(exchange);
    const manual = await this.#store.get(code, checkDate(date));
    const trading = this.#trades(code, rules, date, manual);
    return {
      exchange: code,
      date,
      trading,
      closure: trading ? null : this.#closureName(code, rules, date, manual),
      session: trading ? this.#session(code, rules, date, manual) : null,
    };
  }

  /** Closures on the exchange's weekdays, `from` to `to` inclusive, with their names. */
  async closures(exchange: string, from: string, to: string): Promise<DayInfo[]> {
    const [code, rules] = this.#lookup(exchange);
    const manual = await this.#manual(code, checkDate(from), checkDate(to));
    const days: DayInfo[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      if (rules.weekend.includes(weekday(date))) continue;
      const entry = manual.get(date);
      if (this.#trades(code, rules, date, entry)) continue;
      days.push({ date, exchange: code, name: this.#closureName(code, rules, date, entry) });
    }
    return days;
  }

  /**
   * The merged calendar between two dates: curated entries as they are, plus the rules' weekday
   * closures and special sessions where no curated entry sits.
   */
  async entries(exchange: string, from: string, to: string): Promise<CalendarEntry[]> {
    const [code, rules] = this.#lookup(exchange);
    const manual = await this.#manual(code, checkDate(from), checkDate(to));
    const rows: CalendarEntry[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const entry = manual.get(date);
      if (entry) {
        const { updatedAt: _updatedAt, ...row } = entry;
        rows.push(row);
        continue;
      }
      if (rules.weekend.includes(weekday(date))) continue;
      const year = this.#year(code, rules, date);
      const closure = year.closures.get(date);
      const special = year.specials.get(date);
      if (closure !== undefined)
        rows.push({ exchange: code, date, kind: 'closed', name: closure, source: 'rules' });
      else if (special) {
        const { open, close, name } = special;
        rows.push({ exchange: code, date, kind: 'session', name, open, close, source: 'rules' });
      }
    }
    return rows;
  }

  /** Hours on a date; null when the exchange does not trade then. */
  async session(exchange: string, date: string): Promise<SessionHours | null> {
    const [code, rules] = this.#lookup(exchange);
    const manual = await this.#store.get(code, checkDate(date));
    return this.#trades(code, rules, date, manual) ? this.#session(code, rules, date, manual) : null;
  }

  /** The first trading day strictly after `date`. */
  async nextTradingDay(exchange: string, date: string): Promise<string> {
    return this.#walk(exchange, date, 1, 1);
  }

  /** The last trading day strictly before `date`. */
  async previousTradingDay(exchange: string, date: string): Promise<string> {
    return this.#walk(exchange, date, -1, 1);
  }

  /** The last trading day of a month, `YYYY-MM`. */
  async lastTradingDayOfMonth(exchange: string, month: string): Promise<string> {
    const [first, last] = monthBounds(month);
    const day = (await this.isTradingDay(exchange, last))
      ? last
      : await this.previousTradingDay(exchange, last);
    if (day < first)
      throw new OpsbotError('CALENDAR', `${exchange.toUpperCase()} does not trade in ${month}`);
    return day;
  }

  /** The first trading day of a month, `YYYY-MM`. */
  async firstTradingDayOfMonth(exchange: string, month: string): Promise<string> {
    const [first, last] = monthBounds(month);
    const day = (await this.isTradingDay(exchange, first))
      ? first
      : await this.nextTradingDay(exchange, first);
    if (day > last) throw new OpsbotError('CALENDAR', `${exchange.toUpperCase()} does not trade in ${month}`);
    return day;
  }

  /** n = 0: `date` if it trades, else the trading day before it; each n more goes one trading day back. */
  async tradingDaysBefore(exchange: string, date: string, n: number): Promise<string> {
    if (!Number.isInteger(n) || n < 0) {
      throw new OpsbotError('CALENDAR', `trading days before: n must be a whole number ≥ 0, got ${n}`);
    }
    if (await this.isTradingDay(exchange, date)) return n === 0 ? date : this.#walk(exchange, date, -1, n);
    return this.#walk(exchange, date, -1, n + 1);
  }

  knows(calendar: string): boolean {
    const match = CALENDAR_NAME.exec(calendar);
    if (!match) return false;
    // Only last-trading-day takes a count.
    if (match[3] !== undefined && match[1] !== 'last-trading-day') return false;
    return this.has(match[2]!);
  }

  async isClosed(calendar: string, date: string): Promise<boolean> {
    const match = CALENDAR_NAME.exec(calendar);
    if (!match || !this.knows(calendar)) {
      throw new OpsbotError('CALENDAR', `exchange calendars do not answer for "${calendar}"`);
    }
    const [, kind, exchange = '', count] = match;
    const month = checkDate(date).slice(0, 7);
    switch (kind) {
      case 'last-trading-day': {
        const last = await this.lastTradingDayOfMonth(exchange, month);
        const target =
          count === undefined ? last : await this.tradingDaysBefore(exchange, last, Number(count));
        return date !== target;
      }
      case 'first-trading-day':
        return date !== (await this.firstTradingDayOfMonth(exchange, month));
      default:
        return !(await this.isTradingDay(exchange, date));
    }
  }

  /** The count-th trading day strictly after (step 1) or before (step -1) `from`. */
  async #walk(exchange: string, from: string, step: 1 | -1, count: number): Promise<string> {
    const [code, rules] = this.#lookup(exchange);
    checkDate(from);
    let manual = new Map<string, HolidayEntry>();
    let loadedUntil = from;
    let found = 0;
    let closedRun = 0;
    for (let date = addDays(from, step); ; date = addDays(date, step)) {
      if (step > 0 ? date > loadedUntil : date < loadedUntil) {
        const edge = addDays(date, step * (WINDOW_DAYS - 1));
        manual = step > 0 ? await this.#manual(code, date, edge) : await this.#manual(code, edge, date);
        loadedUntil = edge;
      }
      if (this.#trades(code, rules, date, manual.get(date))) {
        found += 1;
        closedRun = 0;
        if (found === count) return date;
      } else if (++closedRun >= GIVE_UP_DAYS) {
        const where = step > 0 ? 'after' : 'before';
        throw new OpsbotError(
          'CALENDAR',
          `${code}: no trading day in the ${GIVE_UP_DAYS} days ${where} ${date}`,
        );
      }
    }
  }

  #trades(code: string, rules: ExchangeRules, date: string, manual: HolidayEntry | undefined): boolean {
    if (manual) return manual.kind !== 'closed';
    if (rules.weekend.includes(weekday(date))) return false;
    return !this.#year(code, rules, date).closures.has(date);
  }

  #closureName(code: string, rules: ExchangeRules, date: string, manual: HolidayEntry | undefined): string {
    if (manual?.kind === 'closed') return manual.name;
    return (
      this.#year(code, rules, date).closures.get(date) ??
      (rules.weekend.includes(weekday(date)) ? 'weekend' : 'closed')
    );
  }

  #session(code: string, rules: ExchangeRules, date: string, manual: HolidayEntry | undefined): SessionHours {
    const regular = { exchange: code, date, timezone: rules.timezone, ...rules.session };
    if (manual?.kind === 'session') {
      const open = manual.open ?? rules.session.open;
      const close = manual.close ?? rules.session.close;
      return { ...regular, open, close, special: manual.name };
    }
    const special = this.#year(code, rules, date).specials.get(date);
    if (!special) return regular;
    const { open = rules.session.open, close = rules.session.close, name } = special;
    return { ...regular, open, close, special: name };
  }

  #year(code: string, rules: ExchangeRules, date: string): YearRules {
    const year = Number(date.slice(0, 4));
    const key = `${code}:${year}`;
    let cached = this.#years.get(key);
    if (!cached) {
      cached = {
        closures: new Map(rules.closures(year).map((c) => [c.date, c.name])),
        specials: new Map(rules.specials(year).map((s) => [s.date, s])),
      };
      this.#years.set(key, cached);
    }
    return cached;
  }

  async #manual(code: string, from: string, to: string): Promise<Map<string, HolidayEntry>> {
    const rows = await this.#store.list({ exchange: code, from, to });
    return new Map(rows.map((row) => [row.date, row]));
  }

  #lookup(exchange: string): [string, ExchangeRules] {
    const code = exchange.toUpperCase();
    const rules = this.#rules.get(code);
    if (!rules) {
      const known = [...this.#rules.keys()].sort().join(', ') || 'none';
      throw new OpsbotError('CALENDAR', `unknown exchange "${exchange}" (known: ${known})`);
    }
    return [code, rules];
  }
}

/** Whether a string is a YYYY-MM-DD date that exists (2026-02-30 does not). */
export function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

function checkDate(date: string): string {
  if (!isRealDate(date)) throw new OpsbotError('CALENDAR', `not a YYYY-MM-DD date: "${date}"`);
  return date;
}

function monthBounds(month: string): [string, string] {
  const match = MONTH.exec(month);
  const m = match ? Number(match[2]) : 0;
  if (!match || m < 1 || m > 12) throw new OpsbotError('CALENDAR', `not a YYYY-MM month: "${month}"`);
  const first = `${month}-01`;
  return [first, addDays(addMonths(first), -1)];
}

function addMonths(first: string): string {
  const at = new Date(`${first}T00:00:00Z`);
  at.setUTCMonth(at.getUTCMonth() + 1);
  return at.toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
