import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERVAL_MS, type NcpEmulator, ncpMetricValue, startNcpEmulator } from './index.ts';
import { signedFetch, signedQuery } from './testkit.ts';

const keys = { accessKey: 'ncp_iam_CW', secretKey: 'ncp_iam_SECRET_CW' };
const stranger = { accessKey: 'ncp_iam_CW2', secretKey: 'ncp_iam_SECRET_CW2' };
const VPC_KEY = '460438474722512896';
const CLASSIC_KEY = '769533687317532672';
const QUERY = '/cw_fea/real/cw/api/data/query';
const MULTIPLE = '/cw_fea/real/cw/api/data/query/multiple';
const start = Date.UTC(2026, 9, 31, 15); // 2026-11-01 00:00 KST
const end = Date.UTC(2026, 10, 30, 15); // 2026-12-01 00:00 KST

describe('NCP emulator: Cloud Insight', () => {
  let emu: NcpEmulator;
  let vpcServer: string;
  let classicServer: string;
  beforeAll(async () => {
    emu = await startNcpEmulator();
    const account = emu.addAccount(keys);
    vpcServer = String(account.seed('server', 'vpc', 'SGN', 1)[0]!['serverInstanceNo']);
    classicServer = String(account.seed('server', 'classic', 'KR', 1)[0]!['serverInstanceNo']);
    emu.addAccount(stranger);
  });
  afterAll(() => emu.close());

  const single = (instanceNo: string, extra: Record<string, unknown> = {}) => ({
    timeStart: start,
    timeEnd: end,
    cw_key: VPC_KEY,
    metric: 'avg_cpu_used_rto',
    interval: 'Day1',
    aggregation: 'AVG',
    dimensions: { instanceNo },
    ...extra,
  });

  it('query answers a bare array, one point per Day1 over [timeStart, timeEnd)', async () => {
    const res = await signedQuery(emu.monitoringUrl, QUERY, keys, single(vpcServer));
    expect(res.status).toBe(200);
    const dps = (await res.json()) as Array<[number, number]>;
    expect(dps).toHaveLength(30);
    expect(dps[0]).toEqual([start, ncpMetricValue(vpcServer, 'avg_cpu_used_rto', 'AVG', start)]);
    expect(dps[29]![0]).toBe(end - INTERVAL_MS['Day1']!);
    for (const [, v] of dps) expect(v).toBeGreaterThanOrEqual(0);
    for (const [, v] of dps) expect(v).toBeLessThanOrEqual(100);
  });

  it('accepts the query signed with ?responseFormatType=json on the URI', async () => {
    const res = await signedQuery(
      emu.monitoringUrl,
      `${QUERY}?responseFormatType=json`,
      keys,
      single(vpcServer),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(30);
  });

  it('has data only for servers of the calling account on the product key of their platform', async () => {
    const json = async (body: unknown, who = keys) =>
      (await signedQuery(emu.monitoringUrl, QUERY, who, body)).json();
    expect(await json(single(vpcServer), stranger)).toEqual([]);
    expect(await json(single(classicServer))).toEqual([]);
    expect(await json(single(classicServer, { cw_key: CLASSIC_KEY }))).toHaveLength(30);
    expect(await json(single('99999999'))).toEqual([]);
    expect(await json(single(vpcServer, { metric: 'no_such_metric' }))).toEqual([]);
  });

  it('query/multiple answers one object per entry, in order, with prodKey or cw_key', async () => {
    const metricInfoList = [
      {
        prodKey: VPC_KEY,
        metric: 'avg_cpu_used_rto',
        interval: 'Hour2',
        aggregation: 'AVG',
        dimensions: { instanceNo: vpcServer },
      },
      {
        cw_key: VPC_KEY,
        metric: 'fs_all_mb',
        interval: 'Day1',
        aggregation: 'MAX',
        dimensions: { instanceNo: vpcServer },
      },
    ];
    const res = await signedQuery(emu.monitoringUrl, `${MULTIPLE}?responseFormatType=json`, keys, {
      timeStart: start,
      timeEnd: start + 86_400_000,
      metricInfoList,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Array<Record<string, unknown>>;
    expect(
      body.map((e) => [e['metric'], e['aggregation'], e['interval'], (e['dps'] as unknown[]).length]),
    ).toEqual([
      ['avg_cpu_used_rto', 'AVG', 'Hour2', 12],
      ['fs_all_mb', 'MAX', 'Day1', 1],
    ]);
    expect(body[1]!['dimensions']).toEqual({ instanceNo: vpcServer });
    expect(body[1]!['dps']).toEqual([[start, ncpMetricValue(vpcServer, 'fs_all_mb', 'MAX', start)]]);
  });

  it('refuses 21 entries, a missing aggregation in metricInfoList and bad intervals', async () => {
    const entry = {
      prodKey: VPC_KEY,
      metric: 'mem_usert',
      interval: 'Day1',
      aggregation: 'AVG',
      dimensions: { instanceNo: vpcServer },
    };
    const post = (body: unknown) => signedQuery(emu.monitoringUrl, MULTIPLE, keys, body);
    const tooMany = await post({ timeStart: start, timeEnd: end, metricInfoList: Array(21).fill(entry) });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { fieldErrors: unknown } }).error.fieldErrors).toEqual([
      { field: 'metricInfoList', message: 'at most 20 entries per call (got 21)' },
    ]);
    expect(
      (await post({ timeStart: start, timeEnd: end, metricInfoList: Array(20).fill(entry) })).status,
    ).toBe(200);
    const { aggregation: _, ...noAggregation } = entry;
    expect((await post({ timeStart: start, timeEnd: end, metricInfoList: [noAggregation] })).status).toBe(
      400,
    );
    expect(
      (await post({ timeStart: start, timeEnd: end, metricInfoList: [{ ...entry, interval: 'Day' }] }))
        .status,
    ).toBe(400);
    expect((await post({ timeStart: end, timeEnd: start, metricInfoList: [entry] })).status).toBe(400);
  });

  it('refuses GET and non-JSON bodies on the monitoring listener', async () => {
    expect((await signedFetch(emu.monitoringUrl, QUERY, keys)).status).toBe(404);
    const form = await signedFetch(emu.monitoringUrl, QUERY, keys, {
      method: 'POST',
      body: 'timeStart=1',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
  });
});
