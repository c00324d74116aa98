import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NcpAccount, type NcpEmulator, seedCustomer, startNcpEmulator } from './index.ts';
import { listOf, signedFetch } from './testkit.ts';

const keys = { accessKey: 'ncp_iam_EVERY', secretKey: 'ncp_iam_SECRET_EVERY' };

/** Reference A2.2, written out again here so a typo in the catalogue fails. */
const VPC: Array<[string, string, number, string]> = [
  ['/vserver/v2/getServerInstanceList', 'serverInstanceList', 4, 'serverInstanceNo'],
  ['/vserver/v2/getBlockStorageInstanceList', 'blockStorageInstanceList', 2, 'blockStorageInstanceNo'],
  ['/vnas/v2/getNasVolumeInstanceList', 'nasVolumeInstanceList', 2, 'nasVolumeInstanceNo'],
  ['/vloadbalancer/v2/getLoadBalancerInstanceList', 'loadBalancerInstanceList', 2, 'loadBalancerInstanceNo'],
  ['/vserver/v2/getPublicIpInstanceList', 'publicIpInstanceList', 2, 'publicIpInstanceNo'],
  [
    '/vserver/v2/getMemberServerImageInstanceList',
    'memberServerImageInstanceList',
    2,
    'memberServerImageInstanceNo',
  ],
  ['/vpc/v2/getVpcList', 'vpcList', 2, 'vpcNo'],
  ['/vpc/v2/getSubnetList', 'subnetList', 2, 'subnetNo'],
  ['/vpc/v2/getNatGatewayInstanceList', 'natGatewayInstanceList', 2, 'natGatewayInstanceNo'],
  ['/vmysql/v2/getCloudMysqlInstanceList', 'cloudMysqlInstanceList', 2, 'cloudMysqlInstanceNo'],
  [
    '/vpostgresql/v2/getCloudPostgresqlInstanceList',
    'cloudPostgresqlInstanceList',
    2,
    'cloudPostgresqlInstanceNo',
  ],
  ['/vmssql/v2/getCloudMssqlInstanceList', 'cloudMssqlInstanceList', 2, 'cloudMssqlInstanceNo'],
  ['/vredis/v2/getCloudRedisInstanceList', 'cloudRedisInstanceList', 2, 'cloudRedisInstanceNo'],
  ['/vmongodb/v2/getCloudMongoDbInstanceList', 'cloudMongoDbInstanceList', 2, 'cloudMongoDbInstanceNo'],
];

const CLASSIC: Array<[string, string, number, string]> = [
  ['/server/v2/getServerInstanceList', 'serverInstanceList', 4, 'serverInstanceNo'],
  ['/server/v2/getBlockStorageInstanceList', 'blockStorageInstanceList', 2, 'blockStorageInstanceNo'],
  ['/server/v2/getNasVolumeInstanceList', 'nasVolumeInstanceList', 2, 'nasVolumeInstanceNo'],
  ['/loadbalancer/v2/getLoadBalancerInstanceList', 'loadBalancerInstanceList', 2, 'loadBalancerInstanceNo'],
  ['/server/v2/getPublicIpInstanceList', 'publicIpInstanceList', 2, 'publicIpInstanceNo'],
  ['/server/v2/getMemberServerImageList', 'memberServerImageList', 2, 'memberServerImageNo'],
  ['/server/v2/getPrivateSubnetInstanceList', 'privateSubnetInstanceList', 2, 'privateSubnetInstanceNo'],
  ['/clouddb/v2/getCloudDBInstanceList?dbKindCode=MYSQL', 'cloudDBInstanceList', 2, 'cloudDBInstanceNo'],
  ['/clouddb/v2/getCloudDBInstanceList?dbKindCode=MSSQL', 'cloudDBInstanceList', 2, 'cloudDBInstanceNo'],
  ['/clouddb/v2/getCloudDBInstanceList?dbKindCode=REDIS', 'cloudDBInstanceList', 2, 'cloudDBInstanceNo'],
];

const withJson = (path: string) => `${path}${path.includes('?') ? '&' : '?'}responseFormatType=json`;

describe('NCP emulator: every kind on VPC and Classic', () => {
  let emu: NcpEmulator;
  let account: NcpAccount;
  beforeAll(async () => {
    emu = await startNcpEmulator();
    account = emu.addAccount({ ...keys, vpcRegions: ['KR', 'JPN'], classicRegions: ['KR'] });
    seedCustomer(account, { servers: 4, perKind: 2 });
  });
  afterAll(() => emu.close());

  it.each(VPC)('VPC %s → %s in each region', async (path, listKey, count, idField) => {
    const action = path.split('/').pop()!;
    for (const region of ['KR', 'JPN']) {
      const res = await signedFetch(emu.apiUrl, withJson(`${path}?regionCode=${region}`), keys);
      const body = (await res.clone().json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([`${action}Response`]);
      const { totalRows, items } = await listOf(res, listKey);
      expect(totalRows).toBe(count);
      // Subnets carry only zoneCode (reference A2.3), everything else regionCode.
      const inRegion = (i: Record<string, unknown>) =>
        'regionCode' in i ? i['regionCode'] === region : String(i['zoneCode']).startsWith(`${region}-`);
      expect(items.every((i) => typeof i[idField] === 'string' && inRegion(i))).toBe(true);
    }
  });

  it.each(CLASSIC)('Classic %s → %s', async (path, listKey, count, idField) => {
    const { totalRows, items } = await listOf(await signedFetch(emu.apiUrl, withJson(path), keys), listKey);
    expect(totalRows).toBe(count);
    expect(items.every((i) => typeof i[idField] === 'string')).toBe(true);
  });

  it('gives Cloud DB services their nodes, linked to a subnet of the same VPC', async () => {
    const res = await signedFetch(
      emu.apiUrl,
      withJson('/vmysql/v2/getCloudMysqlInstanceList?regionCode=KR'),
      keys,
    );
    const [db] = (await listOf(res, 'cloudMysqlInstanceList')).items;
    const nodes = db!['cloudMysqlServerInstanceList'] as Array<Record<string, unknown>>;
    expect(nodes.length).toBeGreaterThanOrEqual(1);
    expect(nodes[0]).toMatchObject({ cloudMysqlServerRole: { code: 'M' }, regionCode: 'KR', cpuCount: 2 });
    const subnets = await listOf(
      await signedFetch(emu.apiUrl, withJson('/vpc/v2/getSubnetList?regionCode=KR'), keys),
      'subnetList',
    );
    expect(subnets.items.map((s) => s['subnetNo'])).toContain(nodes[0]!['subnetNo']);
    const classic = await listOf(
      await signedFetch(emu.apiUrl, withJson('/clouddb/v2/getCloudDBInstanceList?dbKindCode=REDIS'), keys),
      'cloudDBInstanceList',
    );
    expect(classic.items.every((d) => d['dbKindCode'] === 'REDIS')).toBe(true);
  });

  it('refuses the Classic Cloud DB list without dbKindCode', async () => {
    expect((await signedFetch(emu.apiUrl, withJson('/clouddb/v2/getCloudDBInstanceList'), keys)).status).toBe(
      400,
    );
  });

  it('filters by numbered instance-number lists', async () => {
    const all = await listOf(
      await signedFetch(emu.apiUrl, withJson('/vserver/v2/getServerInstanceList'), keys),
      'serverInstanceList',
    );
    const [a, , c] = all.items.map((s) => String(s['serverInstanceNo']));
    const uri = withJson(
      `/vserver/v2/getServerInstanceList?serverInstanceNoList.1=${a}&serverInstanceNoList.2=${c}`,
    );
    const some = await listOf(await signedFetch(emu.apiUrl, uri, keys), 'serverInstanceList');
    expect([some.totalRows, some.items.map((s) => s['serverInstanceNo'])]).toEqual([2, [a, c]]);
  });

  it('answers NAS usage history one row per interval, and refuses bad times or an unknown volume', async () => {
    const nas = await listOf(
      await signedFetch(emu.apiUrl, withJson('/vnas/v2/getNasVolumeInstanceList'), keys),
      'nasVolumeInstanceList',
    );
    const no = String(nas.items[0]!['nasVolumeInstanceNo']);
    const range = `startTime=${encodeURIComponent('2026-11-01T00:00:00+0000')}&endTime=${encodeURIComponent('2026-11-04T00:00:00+0000')}`;
    const path = '/vnas/v2/getNasVolumeInstanceRatingList';
    const res = await signedFetch(
      emu.apiUrl,
      withJson(`${path}?nasVolumeInstanceNo=${no}&${range}&interval=1d`),
      keys,
    );
    const { totalRows, items } = await listOf(res, 'nasVolumeInstanceRatingList');
    expect(totalRows).toBe(3);
    expect(items.map((r) => r['ratingTime'])).toEqual([
      '2026-11-01T00:00:00+0000',
      '2026-11-02T00:00:00+0000',
      '2026-11-03T00:00:00+0000',
    ]);
    expect(items[0]!['volumeSize']).toBe(nas.items[0]!['volumeSize']);
    const bad = await signedFetch(
      emu.apiUrl,
      withJson(`${path}?nasVolumeInstanceNo=${no}&startTime=2026-11-01&endTime=2026-11-04&interval=1d`),
      keys,
    );
    expect(bad.status).toBe(400);
    const unknown = await signedFetch(
      emu.apiUrl,
      withJson(`${path}?nasVolumeInstanceNo=1&${range}&interval=1d`),
      keys,
    );
    expect(((await unknown.json()) as { error: { errorCode: string } }).error.errorCode).toBe('NotFound');
  });

  it('refuses to seed a kind Classic does not have or a region the account lacks', () => {
    expect(() => account.seed('nat-gateway', 'classic', 'KR', 1)).toThrow(/does not exist on classic/);
    expect(() => account.seed('server', 'vpc', 'SGN', 1)).toThrow(/not a vpc region/);
    expect(() => emu.addAccount(keys)).toThrow(/already exists/);
  });
});

describe('NCP emulator: latency under concurrent load', () => {
  it('adds latencyMs to every answer without serialising 30 concurrent requests', async () => {
    const emu = await startNcpEmulator({ latencyMs: 100 });
    try {
      seedCustomer(emu.addAccount(keys), { platforms: ['vpc'], regions: ['KR'], servers: 200 });
      const began = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 30 }, () =>
          signedFetch(emu.apiUrl, withJson('/vserver/v2/getServerInstanceList'), keys),
        ),
      );
      const took = performance.now() - began;
      expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
      expect(took).toBeGreaterThanOrEqual(100);
      expect(took).toBeLessThan(1500); // serially this would be 3 s
    } finally {
      await emu.close();
    }
  });
});
