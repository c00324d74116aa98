/** `count` + `cursor` paging shared by list endpoints; cursors are opaque to clients on purpose. */
import { InvalidParameter } from './validate.ts';

export interface Page<T> {
  items: T[];
  /** Absent on the last page, as the reference describes. */
  nextCursor?: string;
}

export function paginate<T>(
  all: readonly T[],
  query: Record<string, string | undefined>,
  defaultCount: number,
): Page<T> {
  const rawCount = query['count'];
  const count = rawCount === undefined ? defaultCount : Number(rawCount);
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw new InvalidParameter('count', 'must be an integer 1..100');
  }
  let offset = 0;
  const cursor = query['cursor'];
  if (cursor !== undefined && cursor !== '') {
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    offset = decoded.startsWith('o:') ? Number(decoded.slice(2)) : Number.NaN;
    if (!Number.isInteger(offset) || offset < 0) throw new InvalidParameter('cursor', 'unknown cursor');
  }
  const items = all.slice(offset, offset + count);
  const next = offset + count;
  return next < all.length
    ? { items, nextCursor: Buffer.from(`o:${next}`).toString('base64url') }
    : { items };
}

export function metaData(page: Page<unknown>): { nextCursor?: string } {
  return page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor };
}
