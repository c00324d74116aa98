/** pageNo / pageSize as the VPC docs state them (reference A2.4). */
import { badParameter } from './replies.ts';
import type { NcpPlatform, Reply } from './types.ts';

export interface Page {
  offset: number;
  size: number;
}

/** VPC caps a page at 1000; Classic docs allow up to 2147483647. */
const MAX_PAGE_SIZE: Record<NcpPlatform, number> = { vpc: 1000, classic: 2_147_483_647 };

const INTEGER = /^\d{1,10}$/;

/**
 * The page asked for; `undefined` = no paging params = the whole list (UNCONFIRMED as a guarantee
 * on the real API, the MSP code relies on it). `pageNo` 0 and 1 are both the first page.
 * "pageSize is required when pageNo is given" is applied to Classic too (its docs are silent), to
 * catch a client that pages without saying how big a page is.
 */
export function parsePaging(params: URLSearchParams, platform: NcpPlatform): Page | undefined | Reply {
  const pageNo = params.get('pageNo');
  const pageSize = params.get('pageSize');
  if (pageNo === null && pageSize === null) return undefined;
  if (pageSize === null) return badParameter('pageSize', 'pageSize is required when pageNo is given');
  const max = MAX_PAGE_SIZE[platform];
  if (!INTEGER.test(pageSize) || Number(pageSize) < 1 || Number(pageSize) > max) {
    return badParameter('pageSize', `pageSize must be an integer from 1 to ${max}`);
  }
  if (pageNo !== null && !INTEGER.test(pageNo)) {
    return badParameter('pageNo', 'pageNo must be an integer of 0 or more');
  }
  const size = Number(pageSize);
  const page = Math.max(1, Number(pageNo ?? '1'));
  return { offset: (page - 1) * size, size };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}
