import type { Page } from '../../../platform/paging.ts';
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

export type { Page, PageOptions } from '../../../platform/paging.ts';

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
