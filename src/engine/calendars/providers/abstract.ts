/**
 * Abstract API's holidays endpoint, a third opinion next to data.go.kr: not exchange-aware, so its
 * answers are only ever suggestions. The response is an array of all-string objects with `date` as
 * MM/DD/YYYY. Every item is kept, whatever its `type` ("National", "Observance", …): dropping some
 * here would hide them from the reviewer; `type` is passed on so a caller can filter.
 */
import { type FetchLike, getText, snippet } from './http.ts';

export interface AbstractHoliday {
  /** YYYY-MM-DD */
  date: string;
  /** English name as Abstract gives it ("New Year's Day"). */
  name: string;
  /** `name_local` (e.g. "신정") when Abstract has one. */
  localName?: string;
  /** Abstract's `type`, e.g. "National"; '' when absent. */
  type: string;
  source: 'abstract';
}

export interface AbstractOptions {
  baseUrl?: string;
  apiKey: string;
  /** ISO 3166 alpha-2, e.g. "KR". */
  country: string;
  year: number;
  fetch?: FetchLike;
  timeoutMs?: number;
}

const WHAT = 'Abstract holidays API';

/** MM/DD/YYYY → YYYY-MM-DD, or undefined when it is not a real date in that form. */
export function usDateToIso(value: string): string | undefined {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!match) return undefined;
  const [month, day, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day)
    return undefined;
  return `${match[3]}-${match[1]}-${match[2]}`;
}

function parseItem(item: unknown, index: number, year: number): AbstractHoliday {
  const bad = (why: string) => new Error(`${WHAT}: malformed item ${index}: ${why}`);
  if (item === null || typeof item !== 'object') throw bad('not an object');
  const fields = item as { [key: string]: unknown };
  const { date, name, type } = fields;
  const local = fields['name_local'];
  if (typeof date !== 'string') throw bad('date is missing');
  const iso = usDateToIso(date);
  if (!iso) throw bad(`date "${date}" is not MM/DD/YYYY`);
  if (!iso.startsWith(`${year}-`)) throw bad(`date ${iso} is not in ${year}`);
  if (typeof name !== 'string' || name.trim() === '') throw bad(`no name for ${iso}`);
  return {
    date: iso,
    name: name.trim(),
    ...(typeof local === 'string' && local.trim() !== '' ? { localName: local.trim() } : {}),
    type: typeof type === 'string' ? type : '',
    source: 'abstract',
  };
}

export async function fetchAbstractHolidays(options: AbstractOptions): Promise<AbstractHoliday[]> {
  const { apiKey, year } = options;
  const country = options.country.trim().toUpperCase();
  if (!apiKey) throw new Error(`${WHAT}: no API key`);
  if (!/^[A-Z]{2}$/.test(country))
    throw new Error(`${WHAT}: country "${options.country}" is not ISO 3166 alpha-2`);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new Error(`${WHAT}: bad year ${year}`);

  const url = new URL(options.baseUrl ?? 'https://holidays.abstractapi.com/v1/');
  url.searchParams.set('api_key', apiKey);
  url.searchParams.set('country', country);
  url.searchParams.set('year', String(year));
  const what = `${WHAT} (${country} ${year})`;
  const { status, body } = await getText(url, {
    what,
    secret: apiKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  if (status !== 200) throw new Error(`${what}: HTTP ${status}: ${snippet(body, apiKey)}`);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error(`${what}: the answer is not JSON: ${snippet(body, apiKey)}`);
  }
  if (!Array.isArray(data)) throw new Error(`${what}: expected an array, got ${snippet(body, apiKey)}`);
  return data.map((item: unknown, index) => parseItem(item, index, year));
}
