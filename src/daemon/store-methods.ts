import type { ControlApi, Handlers } from '../contracts/daemon-api/index.ts';
import { isRealDate } from '../engine/calendars/exchange-calendars.ts';
import { OpsbotError, usageError } from '../platform/errors.ts';
import type { HolidayEntry, Store } from '../platform/store/types.ts';

/**
 * The control methods that change the store's shared tables (outbox, curated holidays). The daemon
 * serves them; with the daemon down the CLI runs the very same handlers on its own store, under the
 * dataDir lock, so both paths validate and write alike.
 */

export type StoreMethod =
  | 'outbox.retry'
  | 'outbox.purge'
  | 'holiday.add'
  | 'holiday.update'
  | 'holiday.remove'
  | 'holiday.import';

export interface StoreMethodDeps {
  store: Store;
  /** Exchange codes the calendar knows (built-in rules plus the config's `exchanges:`). */
  exchanges: () => ReadonlySet<string>;
  now: () => number;
}

type StoreHandlers = Pick<Handlers<ControlApi, unknown>, StoreMethod>;

function checkDay(deps: StoreMethodDeps, exchange: string, date: string): string {
  const code = exchange.toUpperCase();
  const known = deps.exchanges();
  if (!known.has(code)) {
    throw usageError(`unknown exchange "${exchange}" (known: ${[...known].sort().join(', ') || 'none'})`);
  }
  if (!isRealDate(date)) throw usageError(`date must be a real YYYY-MM-DD date, got "${date}"`);
  return code;
}

/** Full ids from unique prefixes; a prefix matching none or several is a usage error. */
async function resolveIds(store: Store, prefixes: string[]): Promise<string[]> {
  const all = await store.outbox.list({ limit: 100_000 });
  return prefixes.map((prefix) => {
    const matches = all.filter((i) => i.id.startsWith(prefix));
    if (matches.length !== 1) throw usageError(`"${prefix}" matches ${matches.length} outbox items`);
    return matches[0]!.id;
  });
}

function outboxHandlers(deps: StoreMethodDeps): Pick<StoreHandlers, 'outbox.retry' | 'outbox.purge'> {
  const { store } = deps;
  return {
    'outbox.retry': async ({ ids, dead }) => {
      if (dead) return { retried: await store.outbox.retry(deps.now(), { status: 'dead' }) };
      const full = await resolveIds(store, ids ?? []);
      return { retried: await store.outbox.retry(deps.now(), { ids: full }) };
    },
    'outbox.purge': async ({ delivered, dead, before }) => ({
      delivered: delivered ? await store.outbox.purge({ status: 'delivered', before }) : 0,
      dead: dead ? await store.outbox.purge({ status: 'dead', before }) : 0,
    }),
  };
}

function holidayHandlers(deps: StoreMethodDeps): Omit<StoreHandlers, 'outbox.retry' | 'outbox.purge'> {
  const { store } = deps;
  return {
    'holiday.add': async (args) => {
      const exchange = checkDay(deps, args.exchange, args.date);
      const entry: HolidayEntry = {
        ...args,
        exchange,
        open: args.open ?? null,
        close: args.close ?? null,
        source: 'manual',
        updatedAt: deps.now(),
      };
      const replaced = await store.holidays.get(exchange, args.date);
      await store.holidays.put(entry);
      return { entry, replaced: replaced !== undefined && replaced !== null };
    },
    'holiday.update': async ({ exchange: given, date, name, open, close }) => {
      const exchange = checkDay(deps, given, date);
      const current = await store.holidays.get(exchange, date);
      if (!current) {
        throw new OpsbotError(
          'HOLIDAY',
          `no curated entry for ${exchange} on ${date}; add one with: opsbot holiday add`,
        );
      }
      // Hours only exist on a session: giving them turns a closure or a forced open day into one.
      const session = open || close || current.kind === 'session';
      const next: HolidayEntry = {
        ...current,
        kind: session ? 'session' : current.kind,
        name: name ?? current.name,
        open: open ?? (session ? (current.open ?? null) : null),
        close: close ?? (session ? (current.close ?? null) : null),
        source: 'manual',
        updatedAt: deps.now(),
      };
      await store.holidays.put(next);
      return next;
    },
    'holiday.remove': async ({ exchange: given, date }) => {
      const exchange = checkDay(deps, given, date);
      if (!(await store.holidays.delete(exchange, date))) {
        throw new OpsbotError(
          'HOLIDAY',
          `no curated entry for ${exchange} on ${date} (a rule's holiday cannot be removed; add --force-open to trade on it)`,
        );
      }
      return { removed: { exchange, date } };
    },
    'holiday.import': async ({ entries }) => {
      for (const e of entries) checkDay(deps, e.exchange, e.date);
      const updatedAt = deps.now();
      await store.holidays.putMany(
        entries.map((e) => ({ ...e, exchange: e.exchange.toUpperCase(), updatedAt })),
      );
      return { imported: entries.length };
    },
  };
}

export function storeMethods(deps: StoreMethodDeps): StoreHandlers {
  return { ...outboxHandlers(deps), ...holidayHandlers(deps) };
}
