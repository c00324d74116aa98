/** The v2 "action" APIs on the apiUrl listener: regions, paging, the list envelope, injected responseErrors. */
import { type AccountState, listItems, type PathFault } from './account.ts';
import { CLASSIC_DB_KINDS, type Endpoint } from './catalog.ts';
import { applyFilters } from './filters.ts';
import { nasRatings } from './nas-rating.ts';
import { isReply, parsePaging } from './paging.ts';
import { classicCodeOf, regionInfo } from './regions.ts';
import { badParameter, legacyError, listEnvelope, standardError } from './replies.ts';
import type { NcpKind, Reply } from './types.ts';

/** Answers one signed action request; `params` are the query and form body merged. */
export function handleAction(state: AccountState, endpoint: Endpoint, params: URLSearchParams): Reply {
  const json = params.get('responseFormatType')?.toLowerCase() === 'json';
  const fault = matchFault(state.pathFaults, endpoint.path, params);
  if (fault !== undefined) {
    const { returnCode, returnMessage, status } = fault.error;
    return legacyError(returnCode, returnMessage, status ?? 400, json);
  }
  if (endpoint.special === 'regions') return regionList(state, endpoint, json);
  const region = resolveRegion(state, endpoint, params);
  if (isReply(region)) return region;
  const kind = kindOf(endpoint, params);
  if (isReply(kind)) return kind;
  let items = listItems(state, endpoint.platform, kind, region);
  if (endpoint.special !== 'nas-rating') items = applyFilters(items, kind, endpoint.platform, params);
  else {
    const ratings = nasRatings(params, items);
    if (isReply(ratings)) return ratings;
    items = ratings.rows;
  }
  const page = parsePaging(params, endpoint.platform);
  if (isReply(page)) return page;
  const rows = page === undefined ? items : items.slice(page.offset, page.offset + page.size);
  return listEnvelope(endpoint.action, endpoint.listKey, rows, items.length, json);
}

/** The injected responseError for this path, if any (also used for the Cloud Insight paths). */
export function matchFault(
  faults: PathFault[],
  path: string,
  params: URLSearchParams,
): PathFault | undefined {
  return faults.find((f) => f.path === path && [...f.params].every(([k, v]) => params.get(k) === v));
}

function regionList(state: AccountState, endpoint: Endpoint, json: boolean): Reply {
  const rows = state.regions[endpoint.platform].map((code) => ({ ...regionInfo(endpoint.platform, code)! }));
  return listEnvelope(endpoint.action, endpoint.listKey, rows, rows.length, json);
}

/**
 * The region code the request is about. VPC takes `regionCode`, Classic `regionNo`; both default to
 * the account's first region. Whether Classic v2 also accepts `regionCode` is UNCONFIRMED: it is
 * refused here, so a client that sends the VPC parameter to Classic is caught.
 */
function resolveRegion(state: AccountState, endpoint: Endpoint, params: URLSearchParams): string | Reply {
  const own = state.regions[endpoint.platform];
  if (endpoint.platform === 'vpc') {
    const code = params.get('regionCode') ?? own[0]!;
    if (!own.includes(code)) return regionNotFound('regionCode', code);
    return code;
  }
  if (params.has('regionCode'))
    return badParameter('regionCode', 'Classic APIs take regionNo, not regionCode');
  const regionNo = params.get('regionNo');
  if (regionNo === null) return own[0]!;
  const code = classicCodeOf(regionNo);
  if (code === undefined || !own.includes(code)) return regionNotFound('regionNo', regionNo);
  return code;
}

const regionNotFound = (field: string, value: string) =>
  standardError('NotFound', `Region ${value} not found`, [
    { field, message: `no region ${value} for this account` },
  ]);

function kindOf(endpoint: Endpoint, params: URLSearchParams): NcpKind | Reply {
  if (endpoint.kind !== undefined) return endpoint.kind;
  const dbKind = params.get('dbKindCode') ?? '';
  const kind = CLASSIC_DB_KINDS[dbKind];
  if (kind === undefined) return badParameter('dbKindCode', 'dbKindCode must be MYSQL, MSSQL or REDIS');
  return kind;
}
