/**
 * data.go.kr 특일 정보 (KASI SpcdeInfoService) `getRestDeInfo`: Korea's official rest days, asked
 * month by month (whether a whole year can be asked at once is undocumented). Quirks handled here:
 * `items.item` is an object for one item and an array for several, an empty month has `items: ""`,
 * failures come as HTTP 200 with a non-"00" resultCode, and gateway-level failures (an unknown key)
 * come back as XML even when JSON was asked for.
 */
import { type FetchLike, getText, redact, snippet } from './http.ts';

export interface DataGoKrHoliday {
  /** YYYY-MM-DD */
  date: string;
  /** Korean name as published ("어린이날", "대체공휴일(부처님오신날)"). */
  name: string;
  source: 'datagokr';
}

export interface DataGoKrOptions {
  baseUrl?: string;
  /**
   * The portal shows an "Encoding" key (already percent-encoded) and a "Decoding" key; either works.
   * An encoded key sent through URLSearchParams would be encoded twice and rejected as unregistered.
   */
  serviceKey: string;
  year: number;
  /** 1–12; default all twelve. */
  months?: number[];
  fetch?: FetchLike;
  timeoutMs?: number;
}

const WHAT = 'data.go.kr getRestDeInfo';

function decodedKey(key: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(key)) return key;
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

function xmlTag(body: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1]?.trim();
}

/** The error an XML body describes: the gateway's cmmMsgHeader, or a regular header. */
function xmlFailure(body: string): string {
  const code = xmlTag(body, 'returnReasonCode') ?? xmlTag(body, 'resultCode');
  const message = xmlTag(body, 'returnAuthMsg') ?? xmlTag(body, 'resultMsg') ?? xmlTag(body, 'errMsg');
  return code || message ? `resultCode ${code ?? '?'}: ${message ?? ''}`.trim() : 'an XML answer';
}

function parseItem(item: unknown, year: number, month: number, where: string): DataGoKrHoliday | undefined {
  const bad = (why: string) => new Error(`${where}: malformed item: ${why}`);
  if (item === null || typeof item !== 'object') throw bad('not an object');
  const { locdate, dateName, isHoliday } = item as { [key: string]: unknown };
  // Only rest days marked 'Y' close anything; the operation also lists a few that are not.
  if (isHoliday !== 'Y') return undefined;
  const digits =
    typeof locdate === 'number' ? String(locdate) : typeof locdate === 'string' ? locdate.trim() : '';
  if (!/^\d{8}$/.test(digits)) throw bad(`locdate ${JSON.stringify(locdate)} is not YYYYMMDD`);
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const at = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date)
    throw bad(`impossible date ${date}`);
  if (at.getUTCFullYear() !== year || at.getUTCMonth() + 1 !== month)
    throw bad(`${date} is outside the month asked`);
  if (typeof dateName !== 'string' || dateName.trim() === '') throw bad(`no dateName for ${date}`);
  return { date, name: dateName.trim(), source: 'datagokr' };
}

/** `items.item` as a list, whatever shape this month's answer used. */
function itemList(body: unknown, where: string): unknown[] {
  if (body === null || typeof body !== 'object') throw new Error(`${where}: response.body is missing`);
  const items = (body as { items?: unknown }).items;
  if (items === undefined || items === null || items === '') return [];
  if (typeof items !== 'object') throw new Error(`${where}: response.body.items is ${JSON.stringify(items)}`);
  const item = (items as { item?: unknown }).item;
  if (item === undefined || item === null) return [];
  return Array.isArray(item) ? item : [item];
}

async function fetchMonth(options: DataGoKrOptions, month: number): Promise<DataGoKrHoliday[]> {
  const base = (
    options.baseUrl ?? 'https://apis.data.go.kr/B090041/openapi/service/SpcdeInfoService'
  ).replace(/\/+$/, '');
  const mm = String(month).padStart(2, '0');
  const where = `${WHAT} ${options.year}-${mm}`;
  const key = decodedKey(options.serviceKey);
  const url = new URL(`${base}/getRestDeInfo`);
  url.searchParams.set('serviceKey', key);
  url.searchParams.set('solYear', String(options.year));
  url.searchParams.set('solMonth', mm);
  url.searchParams.set('_type', 'json');
  url.searchParams.set('numOfRows', '100');
  const { status, body } = await getText(url, {
    what: where,
    secret: key,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  // Both forms the caller may have given, raw and percent-encoded, are cut out of anything quoted.
  const safe = (text: string) => snippet(redact(text, options.serviceKey), key);
  if (body.trimStart().startsWith('<'))
    throw new Error(`${where}: ${safe(xmlFailure(body))} (HTTP ${status})`);
  if (status !== 200) throw new Error(`${where}: HTTP ${status}: ${safe(body)}`);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error(`${where}: the answer is not JSON: ${safe(body)}`);
  }
  const response = (
    data as { response?: { header?: { resultCode?: unknown; resultMsg?: unknown }; body?: unknown } }
  )?.response;
  const header = response?.header;
  if (!header) throw new Error(`${where}: no response.header in ${safe(body)}`);
  if (String(header.resultCode) !== '00') {
    throw new Error(
      `${where}: resultCode ${safe(String(header.resultCode))}: ${safe(String(header.resultMsg ?? ''))}`,
    );
  }
  const holidays: DataGoKrHoliday[] = [];
  for (const item of itemList(response.body, where)) {
    const holiday = parseItem(item, options.year, month, where);
    if (holiday) holidays.push(holiday);
  }
  return holidays;
}

export async function fetchDataGoKrHolidays(options: DataGoKrOptions): Promise<DataGoKrHoliday[]> {
  const { year } = options;
  if (!options.serviceKey) throw new Error(`${WHAT}: no service key`);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new Error(`${WHAT}: bad year ${year}`);
  const months = options.months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  for (const month of months) {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new Error(`${WHAT}: bad month ${month}`);
  }
  const holidays: DataGoKrHoliday[] = [];
  // One month after another: the free tier is rate limited and twelve small calls are quick enough.
  for (const month of [...new Set(months)].sort((a, b) => a - b))
    holidays.push(...(await fetchMonth(options, month)));
  return holidays;
}
