import { OpsbotError } from '../../platform/errors.ts';
import type { NcpCall, NcpListCall, NcpListResult } from './types.ts';

/**
 * Every page of a v2 list action: `pageNo` 1, 2, … with `pageSize` until `totalRows` rows are in.
 * An API that ignores paging (the same rows again) or stops early (an empty page) ends the loop
 * rather than spinning.
 */

const DEFAULT_PAGE_SIZE = 1000;
/** A million rows at the largest page: far beyond any account, short of an endless loop. */
const MAX_PAGES = 1000;

export async function listAll<T>(
  call: (request: NcpCall) => Promise<Record<string, unknown>>,
  request: NcpListCall,
): Promise<NcpListResult<T>> {
  const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new OpsbotError('NCP_BAD_REQUEST', 'pageSize must be a whole number from 1 to 1000');
  }
  const items: T[] = [];
  let totalRows: number | undefined;
  let previous: string | undefined;
  let pages = 0;
  while (pages < MAX_PAGES) {
    const params = { ...request.params, pageNo: pages + 1, pageSize };
    const answer = await call({ ...request, params });
    pages++;
    const rows = rowsOf<T>(answer, request.listKey);
    if (answer['totalRows'] !== undefined) totalRows = Number(answer['totalRows']) || 0;
    const fingerprint = JSON.stringify(rows);
    if (rows.length === 0 || fingerprint === previous) break;
    items.push(...rows);
    previous = fingerprint;
    // Without totalRows, a short page is the last one.
    if (totalRows === undefined ? rows.length < pageSize : items.length >= totalRows) break;
  }
  return { items, totalRows: totalRows ?? items.length, pages };
}

/** The rows of one page: `listKey`, or the answer's one `…List` array. */
function rowsOf<T>(answer: Record<string, unknown>, listKey: string | undefined): T[] {
  if (listKey !== undefined) {
    const rows = answer[listKey];
    return Array.isArray(rows) ? (rows as T[]) : [];
  }
  const lists = Object.keys(answer).filter((key) => key.endsWith('List') && Array.isArray(answer[key]));
  if (lists.length > 1) {
    throw new OpsbotError(
      'NCP_BAD_REQUEST',
      `the answer has several lists (${lists.join(', ')}): set listKey`,
    );
  }
  const key = lists[0];
  return key === undefined ? [] : (answer[key] as T[]);
}
