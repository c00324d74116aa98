import { OpsbotError } from './errors.ts';

/** One page of a cursor-paged list. Pass `nextCursor` back as `cursor` for the next page; absent on the last. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageOptions {
  /** 1..100; the API's default when absent. */
  count?: number;
  cursor?: string;
}

/**
 * Follows nextCursor until the last page (for lookups that must see everyone). A cursor that comes
 * back twice, or more than `maxPages` pages, is an error: a partial list would make a lookup answer
 * "not found" when it is not.
 */
export async function collectPages<T>(
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
    if (seen.has(page.nextCursor)) {
      throw new OpsbotError('PAGING', 'the API returned the same nextCursor twice');
    }
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  throw new OpsbotError(
    'PAGING',
    `more than ${maxPages} pages: stopped rather than answer from part of the list`,
  );
}
