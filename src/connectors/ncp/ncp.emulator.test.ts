import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { silentLogger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import type { SecretVault } from '../../platform/vault/types.ts';
import {
  type NcpEmulator,
  SERVER_METRICS,
  SERVER_PRODUCT_KEYS,
  startNcpEmulator,
} from '../../sandbox/ncp/index.ts';
import { NcpApiError } from './errors.ts';
import { ncpConnector } from './index.ts';
import type { NcpClient, NcpMetricQuery } from './types.ts';

/** The connector against the NCP emulator over real HTTP: the emulator checks every signature. */

const VPC_SERVER_KEY = Object.keys(SERVER_PRODUCT_KEYS).find(
  (k) => SERVER_PRODUCT_KEYS[k] === 'vpc',
) as string;

let emu: NcpEmulator;
let accounts = 0;
const waits: number[] = [];
/** Real time; retry waits are recorded, not slept. */
const clock: Clock = { ...systemClock, sleep: async (ms: number) => void waits.push(ms) };

beforeAll(async () => {
  emu = await startNcpEmulator();
});
afterAll(() => emu.close());
afterEach(() => {
  waits.length = 0;
});

function newKeys() {
  accounts++;
  return { accessKey: `AK-EMU-${accounts}-0000`, secretKey: `SK-EMU-${accounts}-0123456789abcdef` };
}

function open(target: NcpEmulator, options: Record<string, unknown>, vault?: SecretVault): NcpClient {
  const connector = ncpConnector.create({
    name: 'ncp-acme',
    options: { apiUrl: target.apiUrl, monitoringUrl: target.monitoringUrl, ...options },
    store: {} as Store,
    log: silentLogger(),
    clock,
    ...(vault ? { vault } : {}),
  });
  return connector.client as NcpClient;
}

async function failure(promise: Promise<unknown>): Promise<NcpApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof NcpApiError) return err;
    throw err;
  }
  throw new Error('expected an NcpApiError');
}

describe('signature v2', () => {
  it('is accepted for a GET with a query and for the Cloud Insight POST', async () => {
    const keys = newKeys();
    const account = emu.addAccount(keys);
    const [server] = account.seed('server', 'vpc', 'SGN', 1);
    const ncp = open(emu, keys);
    const answer = await ncp.call({
      path: '/vserver/v2/getServerInstanceList',
      params: { regionCode: 'SGN', serverInstanceNoList: [String(server?.['serverInstanceNo'])] },
    });
    expect(answer['returnCode']).toBe('0');
    expect(answer['totalRows']).toBe(1);
    const series = await ncp.metrics({
      timeStart: Date.UTC(2026, 10, 1),
      timeEnd: Date.UTC(2026, 10, 3),
      queries: [
        {
          prodKey: VPC_SERVER_KEY,
          metric: 'avg_cpu_used_rto',
          interval: 'Day1',
          aggregation: 'AVG',
          dimensions: { instanceNo: String(server?.['serverInstanceNo']) },
        },
      ],
    });
    expect(series[0]?.dps).toHaveLength(2);
    const mine = emu.calls.filter((c) => c.accessKey === keys.accessKey);
    expect(mine.map((c) => [c.listener, c.method, c.status])).toEqual([
      ['api', 'GET', 200],
      ['monitoring', 'POST', 200],
    ]);
    expect(mine[0]?.query).toBe(
      `regionCode=SGN&serverInstanceNoList.1=${server?.['serverInstanceNo']}&responseFormatType=json`,
    );
    expect(mine[1]?.query).toBe('responseFormatType=json');
  });
});

describe('list and regions', () => {
  it('pages 2,500 servers in each of 3 regions: one list per region, 3 pages of 1000 each', async () => {
    const keys = newKeys();
    const account = emu.addAccount({ ...keys, vpcRegions: ['KR', 'SGN', 'JPN'] });
    for (const region of ['KR', 'SGN', 'JPN']) account.seed('server', 'vpc', region, 2500);
    const ncp = open(emu, keys);
    const regions = await ncp.regions({ platform: 'vpc' });
    expect(regions).toEqual([
      { regionCode: 'KR', regionName: 'Korea' },
      { regionCode: 'SGN', regionName: 'Singapore(New)' },
      { regionCode: 'JPN', regionName: 'Japan(New)' },
    ]);
    for (const { regionCode } of regions) {
      const result = await ncp.list<{ serverInstanceNo: string; regionCode: string }>({
        path: '/vserver/v2/getServerInstanceList',
        params: { regionCode },
      });
      expect([result.items.length, result.totalRows, result.pages]).toEqual([2500, 2500, 3]);
      expect(new Set(result.items.map((s) => s.serverInstanceNo)).size).toBe(2500);
      expect(result.items.every((s) => s.regionCode === regionCode)).toBe(true);
    }
    const pages = emu.calls.filter((c) => c.accessKey === keys.accessKey && c.path.endsWith('InstanceList'));
    expect(pages.map((c) => c.query).slice(0, 3)).toEqual(
      [1, 2, 3].map((n) => `regionCode=KR&pageNo=${n}&pageSize=1000&responseFormatType=json`),
    );
    expect(pages).toHaveLength(9);
  });

  it('gives Classic regions with their regionNo, which Classic lists take', async () => {
    const keys = newKeys();
    const account = emu.addAccount({ ...keys, classicRegions: ['KR', 'HK', 'DEN'] });
    account.seed('server', 'classic', 'HK', 3);
    const ncp = open(emu, keys);
    const regions = await ncp.regions({ platform: 'classic' });
    expect(regions).toEqual([
      { regionCode: 'KR', regionName: 'Korea', regionNo: '1' },
      { regionCode: 'HK', regionName: 'HongKong', regionNo: '3' },
      { regionCode: 'DEN', regionName: 'Germany(New)', regionNo: '10' },
    ]);
    const hk = await ncp.list({ path: '/server/v2/getServerInstanceList', params: { regionNo: '3' } });
    expect([hk.items.length, hk.totalRows, hk.pages]).toEqual([3, 3, 1]);
  });
});

describe('errors', () => {
  it('maps each error envelope to its code and the NCP message', async () => {
    const keys = newKeys();
    const account = emu.addAccount(keys);
    const message = 'You do not have authority about action : [NAS:View/getNASVolumeInstanceList].';
    account.failPath('/vnas/v2/getNasVolumeInstanceList', { returnCode: '802', returnMessage: message });
    const ncp = open(emu, keys);
    const legacy = await failure(ncp.list({ path: '/vnas/v2/getNasVolumeInstanceList' }));
    expect([legacy.code, legacy.message, legacy.status, legacy.returnCode, legacy.path]).toEqual([
      'NCP_802',
      message,
      400,
      '802',
      '/vnas/v2/getNasVolumeInstanceList',
    ]);
    const wrongSecret = open(emu, { ...keys, secretKey: 'SK-not-the-right-one-000' });
    const gateway = await failure(wrongSecret.regions({ platform: 'vpc' }));
    expect([gateway.code, gateway.message, gateway.status]).toEqual([
      'NCP_200',
      'Authentication Failed',
      401,
    ]);
    const standard = await failure(
      ncp.call({ path: '/vserver/v2/getServerInstanceList', params: { regionCode: 'XX' } }),
    );
    expect([standard.code, standard.message, standard.status]).toEqual([
      'NCP_NotFound',
      'Region XX not found (regionCode: no region XX for this account)',
      400,
    ]);
    // None of these is retried.
    expect(waits).toEqual([]);
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const keys = newKeys();
    emu.addAccount(keys).failNext(1, 429, 2);
    const regions = await open(emu, keys).regions({ platform: 'vpc' });
    expect(regions).toHaveLength(3);
    expect(waits).toEqual([2000]);
    const statuses = emu.calls.filter((c) => c.accessKey === keys.accessKey).map((c) => c.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('gives up on a 503 after `retries` further attempts', async () => {
    const keys = newKeys();
    emu.addAccount(keys).failNext(10, 503);
    const err = await failure(open(emu, { ...keys, retries: 2 }).regions({ platform: 'vpc' }));
    // The gateway's body names its own code: NCP_<errorCode>, with the HTTP status beside it.
    expect([err.code, err.message, err.status]).toEqual(['NCP_500', 'Service Unavailable', 503]);
    expect(emu.calls.filter((c) => c.accessKey === keys.accessKey)).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });
});

describe('metrics', () => {
  it('sends 45 series as 3 calls and answers in query order', async () => {
    const keys = newKeys();
    const servers = emu.addAccount(keys).seed('server', 'vpc', 'KR', 3);
    const metrics = [...SERVER_METRICS].slice(0, 15);
    const queries: NcpMetricQuery[] = servers.flatMap((server) =>
      metrics.map((metric) => ({
        prodKey: VPC_SERVER_KEY,
        metric,
        interval: 'Day1' as const,
        aggregation: metric.startsWith('max_') ? ('MAX' as const) : ('AVG' as const),
        dimensions: { instanceNo: String(server['serverInstanceNo']) },
      })),
    );
    expect(queries).toHaveLength(45);
    const series = await open(emu, keys).metrics({
      timeStart: Date.UTC(2026, 10, 1),
      timeEnd: Date.UTC(2026, 11, 1),
      queries,
    });
    expect(series.map((s) => [s.metric, s.aggregation, s.dimensions])).toEqual(
      queries.map((q) => [q.metric, q.aggregation, q.dimensions]),
    );
    expect(series.every((s) => s.dps.length === 30)).toBe(true);
    const posts = emu.calls.filter((c) => c.accessKey === keys.accessKey);
    expect(posts.map((c) => [c.listener, c.status])).toEqual([
      ['monitoring', 200],
      ['monitoring', 200],
      ['monitoring', 200],
    ]);
  });
});

describe('concurrency', () => {
  let slow: NcpEmulator;
  const realFetch = globalThis.fetch;
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();

  beforeAll(async () => {
    slow = await startNcpEmulator({ latencyMs: 40 });
    // Counts calls in flight per access key, from send to answer.
    globalThis.fetch = async (input, init) => {
      const key = new Headers(init?.headers).get('x-ncp-iam-access-key') ?? '';
      for (const k of [key, '*']) {
        inFlight.set(k, (inFlight.get(k) ?? 0) + 1);
        peak.set(k, Math.max(peak.get(k) ?? 0, inFlight.get(k) ?? 0));
      }
      try {
        return await realFetch(input, init);
      } finally {
        for (const k of [key, '*']) inFlight.set(k, (inFlight.get(k) ?? 0) - 1);
      }
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await slow.close();
  });
  afterEach(() => peak.clear());

  const regionCalls = (ncp: NcpClient, n: number, customer?: string) =>
    Array.from({ length: n }, () => ncp.regions({ platform: 'vpc', ...(customer ? { customer } : {}) }));

  it('keeps a connection within its limit', async () => {
    const keys = newKeys();
    slow.addAccount(keys);
    await Promise.all(regionCalls(open(slow, { ...keys, concurrency: 3 }), 12));
    expect(peak.get(keys.accessKey)).toBe(3);
    expect(slow.calls.filter((c) => c.accessKey === keys.accessKey)).toHaveLength(12);
  });

  it('gives each vault customer a limit of its own', async () => {
    const a = newKeys();
    const b = newKeys();
    slow.addAccount(a);
    slow.addAccount(b);
    const vault: SecretVault = {
      type: 'memory',
      list: async () => [
        { name: 'cust-a', enabled: true, tags: { access_key: a.accessKey, customer_type: 'pri' } },
        { name: 'cust-b', enabled: true, tags: { access_key: b.accessKey, customer_type: 'gov' } },
      ],
      get: async (name) => (name === 'cust-a' ? a.secretKey : b.secretKey),
      clear() {},
    };
    const ncp = open(slow, { customersFromVault: true, concurrency: 2 }, vault);
    await Promise.all([...regionCalls(ncp, 6, 'cust-a'), ...regionCalls(ncp, 6, 'cust-b')]);
    expect([peak.get(a.accessKey), peak.get(b.accessKey), peak.get('*')]).toEqual([2, 2, 4]);
  });
});
