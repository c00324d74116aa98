import { OpsbotError } from '../../../platform/errors.ts';
import type { WorksRawFetch, WorksRequest } from '../api.ts';
import type { NaverworksOptions } from '../options.ts';

/** What every API client of a naverworks connection is built from. */
export interface ClientDeps {
  /** The connection's name, for error messages. */
  connection: string;
  options: NaverworksOptions;
  /** Authorised JSON calls below apiUrl: 401 → one refresh and retry, 429/5xx → retryable DeliveryError. */
  request: WorksRequest;
}

/** For clients that also move bytes to absolute URLs (uploads, downloads). */
export interface RawClientDeps extends ClientDeps {
  /** Authorised byte-level fetch (createWorksRawFetch). */
  raw: WorksRawFetch;
}

/** One page of a list call. Pass `nextCursor` back as `cursor` for the next page; absent on the last. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageOptions {
  /** 1..100; the API's default when absent. */
  count?: number;
  cursor?: string;
}

/** `?count=&cursor=` plus extra query parameters, skipping undefined values. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Reads `{<key>: T[], responseMetaData: {nextCursor}}` into a Page. */
export function toPage<T>(body: unknown, key: string): Page<T> {
  const b = (body ?? {}) as Record<string, unknown>;
  const items = Array.isArray(b[key]) ? (b[key] as T[]) : [];
  const meta = (b['responseMetaData'] ?? {}) as Record<string, unknown>;
  const next = meta['nextCursor'];
  return typeof next === 'string' && next !== '' ? { items, nextCursor: next } : { items };
}

/**
 * Follows nextCursor until the last page (for lookups that must see everyone). A cursor that comes
 * back twice, or more than `maxPages` pages, is an error: a partial list would make a lookup answer
 * "not found" when it is not.
 */
export async function collectAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 1000,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    if (!page.nextCursor) return all;
    if (seen.has(page.nextCursor))
      throw new OpsbotError('PAGING', 'the API returned the same nextCursor twice');
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  throw new OpsbotError(
    'PAGING',
    `more than ${maxPages} pages: stopped rather than answer from part of the list`,
  );
}
