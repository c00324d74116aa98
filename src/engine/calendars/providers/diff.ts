/**
 * Compares the curated closures of one exchange with what a provider suggests. It only describes
 * differences for a person to review; nothing here writes to the store.
 */
import { weekdayOf } from '../weekends.ts';

export interface CurrentClosure {
  exchange: string;
  date: string;
  name: string;
  /** Only 'closed' entries (or ones without a kind) are compared; forced-open days and sessions are not closures. */
  kind?: string;
}

export interface Suggestion {
  date: string;
  name: string;
  source: string;
}

export interface SuggestionDiff {
  /** The provider has a closure the store lacks. */
  added: Array<{ exchange: string; date: string; name: string; source: string }>;
  /** The store has a closure no provider mentions (often fine: KRX's Dec 31 is no public holiday). */
  removed: Array<{ exchange: string; date: string; name: string }>;
  /** Both close the day under different names. */
  renamed: Array<{ exchange: string; date: string; from: string; to: string; source: string }>;
}

const isWeekend = (date: string) => {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
};

/** Spacing differences ("부처님 오신 날" vs "부처님오신날") are not a rename. */
const sameName = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function diffSuggestions(
  current: CurrentClosure[],
  suggested: Suggestion[],
  exchange: string,
  range: { from: string; to: string },
): SuggestionDiff {
  const code = exchange.toUpperCase();
  // weekdayOf throws on anything but a real YYYY-MM-DD, which is the check wanted here.
  weekdayOf(range.from);
  weekdayOf(range.to);
  if (range.from > range.to) throw new RangeError(`range ${range.from}..${range.to} is backwards`);
  const inRange = (date: string) => date >= range.from && date <= range.to;

  const mine = new Map<string, string>();
  for (const row of current) {
    if (row.exchange.toUpperCase() !== code || !inRange(row.date)) continue;
    if (row.kind !== undefined && row.kind !== 'closed') continue;
    if (!isWeekend(row.date)) mine.set(row.date, row.name);
  }
  // Several suggestions can share a day (어린이날 and 부처님오신날 on 2025-05-05), from one source or more.
  const theirs = new Map<string, Suggestion[]>();
  for (const item of suggested) {
    // Weekends are closed anyway; a Saturday holiday changes nothing for the exchange.
    if (!inRange(item.date) || isWeekend(item.date)) continue;
    theirs.set(item.date, [...(theirs.get(item.date) ?? []), item]);
  }

  const diff: SuggestionDiff = { added: [], removed: [], renamed: [] };
  for (const [date, items] of [...theirs].sort(([a], [b]) => a.localeCompare(b))) {
    const names = unique(items.map((item) => item.name.trim()));
    const source = unique(items.map((item) => item.source)).join(',');
    const name = mine.get(date);
    if (name === undefined) diff.added.push({ exchange: code, date, name: names.join(', '), source });
    else if (!names.some((other) => sameName(other, name))) {
      diff.renamed.push({ exchange: code, date, from: name, to: names.join(', '), source });
    }
  }
  for (const [date, name] of [...mine].sort(([a], [b]) => a.localeCompare(b))) {
    if (!theirs.has(date)) diff.removed.push({ exchange: code, date, name });
  }
  return diff;
}
