import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  NcpCall,
  NcpClient,
  NcpCustomer,
  NcpListCall,
  NcpMetricSeries,
  NcpMetricsCall,
  NcpPlatform,
  NcpRegion,
  NcpSite,
} from 'opsbot/connectors/ncp';
import { createTestApp } from 'opsbot/testing';
import app from './index.ts';
import type { Options } from './options.ts';

/**
 * A test double of one `ncp` connection's client: per account, the regions of each platform and
 * the items each list path serves per region (`regionCode` on VPC, `regionNo` on Classic); a path
 * can fail with an NCP error as the real client throws it. Every call is recorded.
 */
export type Item = Record<string, unknown>;

export interface FakeAccount {
  site?: NcpSite;
  name?: string;
  regions: Partial<Record<NcpPlatform, NcpRegion[]>>;
  /** `path` or `path?dbKindCode=X` → region (code or number) → items. */
  items?: Record<string, Record<string, Item[]>>;
  /** path → the NCP error the call throws; `regions:vpc` / `regions:classic` fail getRegionList. */
  fail?: Record<string, { code: string; message: string }>;
}

export interface RecordedCall {
  method: 'customers' | 'regions' | 'list' | 'call' | 'metrics';
  customer?: string;
  path?: string;
  params?: Record<string, unknown>;
  platform?: NcpPlatform;
  queries?: number;
}

export interface FakeNcp {
  client: NcpClient;
  calls: RecordedCall[];
  accounts: Record<string, FakeAccount>;
}

export const ncpError = (code: string, message: string) =>
  Object.assign(new Error(message), { code: `NCP_${code}` });

/**
 * `vault: false`: a plain connection (one account, named `name`, calls carry no customer);
 * `vault: true`: one account per key, every call must name it.
 */
export function fakeNcp(name: string, accounts: Record<string, FakeAccount>, vault = false): FakeNcp {
  const calls: RecordedCall[] = [];
  const accountOf = (customer: string | undefined): FakeAccount => {
    if (vault && customer === undefined) throw ncpError('CUSTOMER', `connection ${name} needs a customer`);
    const account = accounts[vault ? (customer as string) : name];
    if (!account) throw ncpError('CUSTOMER', `no customer ${customer} on connection ${name}`);
    return account;
  };
  const failure = (account: FakeAccount, key: string) => {
    const f = account.fail?.[key];
    if (f) throw ncpError(f.code, f.message);
  };
  const client: NcpClient = {
    async customers(): Promise<NcpCustomer[]> {
      calls.push({ method: 'customers' });
      return Object.entries(accounts).map(([id, a]) => ({
        id: vault ? id : name,
        site: a.site ?? 'public',
        source: vault ? 'vault' : 'config',
        ...(a.name ? { name: a.name } : {}),
      }));
    },
    async regions({ customer, platform }) {
      calls.push({ method: 'regions', ...(customer ? { customer } : {}), platform });
      const account = accountOf(customer);
      failure(account, `regions:${platform}`);
      return account.regions[platform] ?? [];
    },
    async list<T>(request: NcpListCall) {
      record(calls, 'list', request);
      const account = accountOf(request.customer);
      failure(account, request.path);
      const params = request.params ?? {};
      const key = params.dbKindCode ? `${request.path}?dbKindCode=${params.dbKindCode}` : request.path;
      const region = String(params.regionNo ?? params.regionCode ?? '');
      const items = (account.items?.[key]?.[region] ?? []) as T[];
      return { items, totalRows: items.length, pages: 1 };
    },
    async call(request: NcpCall) {
      record(calls, 'call', request);
      const account = accountOf(request.customer);
      failure(account, request.path);
      const volume = String(request.params?.nasVolumeInstanceNo);
      return {
        nasVolumeInstanceRatingList: [
          {
            ratingTime: '2026-11-01T00:00:00+0900',
            volumeSize: 100,
            volumeUseSize: 40,
            volumeUseRatio: 40,
            volume,
          },
        ],
      };
    },
    async metrics(request: NcpMetricsCall): Promise<NcpMetricSeries[]> {
      calls.push({
        method: 'metrics',
        ...(request.customer ? { customer: request.customer } : {}),
        queries: request.queries.length,
      });
      failure(accountOf(request.customer), 'metrics');
      return request.queries.map((q) => ({
        metric: q.metric,
        aggregation: q.aggregation,
        dimensions: q.dimensions,
        dps: [
          [request.timeStart, 10],
          [request.timeStart + 86_400_000, 30],
        ],
      }));
    },
  };
  return { client, calls, accounts };
}

function record(calls: RecordedCall[], method: 'list' | 'call', request: NcpCall): void {
  calls.push({
    method,
    ...(request.customer ? { customer: request.customer } : {}),
    path: request.path,
    ...(request.params ? { params: request.params } : {}),
  });
}

/** The client as `opsbot/testing`'s `connectors` option takes it (method name → function). */
export function asConnector(fake: FakeNcp): Record<string, unknown> {
  return { ...fake.client };
}

export const server = (no: string, name: string, region: string, extra: Item = {}): Item => ({
  serverInstanceNo: no,
  serverName: name,
  cpuCount: 2,
  memorySize: 4 * 1024 ** 3,
  serverInstanceStatus: { code: 'RUN', codeName: 'Server run state' },
  regionCode: region,
  ...extra,
});

/**
 * The tests' world: `acme` on a plain connection (VPC, three regions, cloud-mongodb excluded) and
 * `beta` discovered from a vault-backed connection (Classic only, its NAS list answers 802).
 */
export const NAS_802 = 'You do not have authority about action : [NAS:View/getNASVolumeInstanceList].';

/** 2026-12-01 00:30 in Seoul (still November 30th in UTC): last-month is 2026-11. */
export const DEC_1_KST = '2026-11-30T15:30:00Z';

export function world(): { acme: FakeNcp; vault: FakeNcp } {
  const acme = fakeNcp('ncp-acme', {
    'ncp-acme': {
      regions: {
        vpc: [
          { regionCode: 'KR', regionName: 'Korea' },
          { regionCode: 'SGN', regionName: 'Singapore(New)' },
          { regionCode: 'JPN', regionName: 'Japan(New)' },
        ],
      },
      items: {
        '/vserver/v2/getServerInstanceList': {
          KR: [server('101', 'web-1', 'KR', { vpcNo: '11' }), server('102', 'web-2', 'KR', { vpcNo: '11' })],
          SGN: [server('201', 'sg-1', 'SGN')],
          JPN: [server('301', 'jp-1', 'JPN')],
        },
        '/vpc/v2/getVpcList': { KR: [{ vpcNo: '11', vpcName: 'prod-vpc', vpcStatus: { code: 'RUN' } }] },
        '/vserver/v2/getBlockStorageInstanceList': {
          KR: [
            {
              blockStorageInstanceNo: '501',
              blockStorageName: 'data',
              blockStorageSize: 100 * 1024 ** 3,
              serverInstanceNo: '101',
            },
          ],
        },
        '/vnas/v2/getNasVolumeInstanceList': {
          KR: [{ nasVolumeInstanceNo: '601', volumeName: 'share', volumeTotalSize: 500 }],
        },
        '/vmysql/v2/getCloudMysqlInstanceList': {
          SGN: [
            {
              cloudMysqlInstanceNo: '701',
              cloudMysqlServiceName: 'orders',
              cloudMysqlServerInstanceList: [{}, {}],
            },
          ],
        },
        '/vmongodb/v2/getCloudMongoDbInstanceList': { KR: [{ cloudMongoDbInstanceNo: '801' }] },
      },
    },
  });
  const vault = fakeNcp(
    'ncp-vault',
    {
      beta: {
        site: 'gov',
        name: 'Beta Corp',
        regions: { vpc: [], classic: [{ regionCode: 'KR', regionName: 'Korea', regionNo: '1' }] },
        items: {
          '/server/v2/getServerInstanceList': { '1': [server('901', 'legacy-1', 'KR')] },
          '/clouddb/v2/getCloudDBInstanceList?dbKindCode=MYSQL': {
            '1': [{ cloudDBInstanceNo: '951', cloudDBServiceName: 'legacy-db' }],
          },
        },
        fail: { '/server/v2/getNasVolumeInstanceList': { code: '802', message: NAS_802 } },
      },
    },
    true,
  );
  return { acme, vault };
}

export const baseOptions = {
  target: 'teams-ops',
  customers: [{ id: 'acme', connection: 'ncp-acme', platforms: ['vpc'], exclude: ['cloud-mongodb'] }],
  discover: ['ncp-vault'],
};

export async function reportApp(
  fakes: { acme: FakeNcp; vault: FakeNcp },
  options: Record<string, unknown> = {},
  extra: { dryRun?: boolean; dataDir?: string; now?: string; db?: 'postgres' } = {},
) {
  const dataDir =
    extra.dataDir ?? path.join(await mkdtemp(path.join(tmpdir(), 'cloud-report-')), 'apps', 'cloud-report');
  const test = createTestApp<Options>(app, {
    app: 'cloud-report',
    now: extra.now ?? DEC_1_KST,
    dataDir,
    options: { ...baseOptions, ...options },
    connectors: { 'ncp-acme': asConnector(fakes.acme), 'ncp-vault': asConnector(fakes.vault) },
    ...(extra.dryRun ? { dryRun: true } : {}),
    ...(extra.db ? { db: extra.db } : {}),
  });
  return { test, dataDir };
}

/** Rows of a table for a period, by customer. */
export async function countRows(
  test: { ctx: { db: unknown } },
  table: string,
  period: string,
): Promise<Record<string, number>> {
  // biome-ignore lint/suspicious/noExplicitAny: the app's tables are untyped here
  const db = test.ctx.db as any;
  const rows: Array<{ customer: string }> = await db
    .selectFrom(table)
    .select('customer')
    .where('period', '=', period)
    .execute();
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.customer] = (counts[r.customer] ?? 0) + 1;
  return counts;
}
