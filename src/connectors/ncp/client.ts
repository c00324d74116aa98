import { OpsbotError } from '../../platform/errors.ts';
import type { NcpAccounts } from './accounts.ts';
import { innerResponse, NcpApiError, okAnswerError } from './errors.ts';
import { type NcpHttpSettings, ncpRequest } from './http.ts';
import { queryMetrics } from './metrics.ts';
import { listAll } from './paging.ts';
import { queryString } from './sign.ts';
import type { NcpCall, NcpClient, NcpPlatform, NcpRegion } from './types.ts';

/**
 * The client apps reach with `ctx.connector<NcpClient>(name)`: v2 actions as signed GETs with a
 * query string, every page of a list, regions, and Cloud Insight metrics. Methods are own
 * properties taking and returning plain data, as IPC calls them.
 */

const REGION_PATHS: Record<NcpPlatform, string> = {
  vpc: '/vserver/v2/getRegionList',
  classic: '/server/v2/getRegionList',
};

/** Paths are appended to apiUrl as they are: a `..` or `?` would change what is signed and called. */
const SAFE_PATH = /^(\/[A-Za-z0-9_\-.~]+)+$/;

export function ncpClient(accounts: NcpAccounts, settings: NcpHttpSettings): NcpClient {
  const call = async (request: NcpCall): Promise<Record<string, unknown>> => {
    const path = checkedPath(request.path);
    const account = await accounts.account(request.customer);
    const query = queryString(request.params);
    const body = await ncpRequest(account, { method: 'GET', baseUrl: account.apiUrl, path, query }, settings);
    const inner = innerResponse(body);
    const failed = okAnswerError(body, inner);
    if (failed) {
      throw new NcpApiError(failed.code, settings.redactor.redact(failed.message), {
        status: 200,
        path,
        returnCode: failed.code,
      });
    }
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      throw new NcpApiError('HTTP_200', `NCP answered GET ${path} with a body that is not an object`, {
        status: 200,
        path,
      });
    }
    return inner as Record<string, unknown>;
  };

  return {
    customers: () => accounts.customers(),
    call,
    list: (request) => listAll(call, request),
    async regions({ customer, platform }) {
      const path = REGION_PATHS[platform];
      if (!path) throw new OpsbotError('NCP_BAD_REQUEST', 'platform must be vpc or classic');
      const answer = await call({ path, ...(customer === undefined ? {} : { customer }) });
      const list = Array.isArray(answer['regionList']) ? answer['regionList'] : [];
      return list.map(regionOf);
    },
    async metrics(request) {
      const account = await accounts.account(request.customer);
      return queryMetrics(account, request, settings);
    },
  };
}

function checkedPath(path: unknown): string {
  if (typeof path !== 'string' || !SAFE_PATH.test(path) || /\/\.\.?(\/|$)/.test(path)) {
    throw new OpsbotError(
      'NCP_BAD_REQUEST',
      'path must be an API path such as /vserver/v2/getServerInstanceList',
    );
  }
  return path;
}

function regionOf(item: unknown): NcpRegion {
  const region = (item ?? {}) as Record<string, unknown>;
  const regionNo = region['regionNo'];
  return {
    regionCode: String(region['regionCode'] ?? ''),
    regionName: String(region['regionName'] ?? ''),
    ...(regionNo === undefined || regionNo === null ? {} : { regionNo: String(regionNo) }),
  };
}
