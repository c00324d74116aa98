import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NcpEmulator, startNcpEmulator } from './index.ts';
import { listOf, signedFetch } from './testkit.ts';

const keys = { accessKey: 'ncp_iam_LISTS', secretKey: 'ncp_iam_SECRET_LISTS' };
const SERVERS = '/vserver/v2/getServerInstanceList';

describe('NCP emulator: list APIs, regions and paging', () => {
  let emu: NcpEmulator;
  const get = (uri: string) => signedFetch(emu.apiUrl, uri, keys);
  const serverNos = async (uri: string) =>
    (await listOf(await get(uri), 'serverInstanceList')).items.map((s) => s['serverInstanceNo']);

  beforeAll(async () => {
    emu = await startNcpEmulator();
    const account = emu.addAccount({
      ...keys,
      vpcRegions: ['KR', 'SGN', 'JPN'],
      classicRegions: ['KR', 'JPN'],
    });
    account.seed('server', 'vpc', 'KR', 1200);
    account.seed('server', 'vpc', 'SGN', 800);
    account.seed('server', 'vpc', 'JPN', 500);
    account.seed('server', 'classic', 'KR', 2);
    account.seed('server', 'classic', 'JPN', 3);
  });
  afterAll(() => emu.close());

  it('answers XML when responseFormatType=json is missing', async () => {
    const res = await get(`${SERVERS}?regionCode=JPN&pageNo=1&pageSize=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<getServerInstanceListResponse><requestId>/,
    );
    expect(xml).toContain(
      '<returnCode>0</returnCode><returnMessage>success</returnMessage><totalRows>500</totalRows>',
    );
    expect(xml).toContain('<serverInstanceList><serverInstance><serverInstanceNo>');
  });

  it('pages 2,500 servers over 3 regions with pageSize 1000 and totalRows of the whole region', async () => {
    const seen = new Set<unknown>();
    for (const [region, pages] of [
      ['KR', [1000, 200]],
      ['SGN', [800]],
      ['JPN', [500]],
    ] as const) {
      for (const [i, expected] of pages.entries()) {
        const res = await get(
          `${SERVERS}?regionCode=${region}&pageNo=${i + 1}&pageSize=1000&responseFormatType=json`,
        );
        const { totalRows, items, inner } = await listOf(res, 'serverInstanceList');
        expect(totalRows).toBe(region === 'KR' ? 1200 : expected);
        expect(items).toHaveLength(expected);
        expect(inner['returnCode']).toBe('0');
        expect(inner['returnMessage']).toBe('success');
        for (const s of items) {
          expect(s['regionCode']).toBe(region);
          seen.add(s['serverInstanceNo']);
        }
      }
    }
    expect(seen.size).toBe(2500);
  });

  it('treats pageNo 0 and 1 as the same first page, pages past the end as empty', async () => {
    const zero = await serverNos(`${SERVERS}?regionCode=SGN&pageNo=0&pageSize=10&responseFormatType=json`);
    const one = await serverNos(`${SERVERS}?regionCode=SGN&pageNo=1&pageSize=10&responseFormatType=json`);
    const two = await serverNos(`${SERVERS}?regionCode=SGN&pageNo=2&pageSize=10&responseFormatType=json`);
    expect(zero).toHaveLength(10);
    expect(zero).toEqual(one);
    expect(two[0]).not.toBe(one[0]);
    const past = await listOf(
      await get(`${SERVERS}?regionCode=SGN&pageNo=9&pageSize=100&responseFormatType=json`),
      'serverInstanceList',
    );
    expect([past.totalRows, past.items]).toEqual([800, []]);
  });

  it('returns the whole list without paging parameters, the first region by default', async () => {
    expect(await serverNos(`${SERVERS}?responseFormatType=json`)).toHaveLength(1200);
  });

  it('refuses pageSize 1001, 0, a non-number, and pageNo without pageSize (standard error body)', async () => {
    for (const query of [
      'pageNo=1&pageSize=1001',
      'pageSize=0',
      'pageNo=1&pageSize=ten',
      'pageNo=1',
      'pageNo=-1&pageSize=5',
    ]) {
      const res = await get(`${SERVERS}?${query}&responseFormatType=json`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as {
        error: { errorCode: string; fieldErrors: Array<{ field: string }> };
      };
      expect(body.error.errorCode).toBe('BadRequest');
      expect(body.error.fieldErrors[0]!.field).toMatch(/^page(No|Size)$/);
    }
  });

  it('refuses a region the account does not have (NotFound with fieldErrors)', async () => {
    const res = await get(`${SERVERS}?regionCode=USWN&responseFormatType=json`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        errorCode: 'NotFound',
        message: 'Region USWN not found',
        fieldErrors: [{ field: 'regionCode', message: 'no region USWN for this account' }],
      },
    });
  });

  it('lists regions: VPC with regionCode/regionName, Classic adding regionNo', async () => {
    const vpc = await listOf(await get('/vserver/v2/getRegionList?responseFormatType=json'), 'regionList');
    expect(vpc.totalRows).toBe(3);
    expect(vpc.items).toEqual([
      { regionCode: 'KR', regionName: 'Korea' },
      { regionCode: 'SGN', regionName: 'Singapore(New)' },
      { regionCode: 'JPN', regionName: 'Japan(New)' },
    ]);
    const classic = await listOf(await get('/server/v2/getRegionList?responseFormatType=json'), 'regionList');
    expect(classic.items).toEqual([
      { regionNo: '1', regionCode: 'KR', regionName: 'Korea' },
      { regionNo: '8', regionCode: 'JPN', regionName: 'Japan' },
    ]);
  });

  it('selects the Classic region by regionNo (default the first) and refuses regionCode there', async () => {
    const classic = '/server/v2/getServerInstanceList';
    const jpn = await listOf(
      await get(`${classic}?regionNo=8&responseFormatType=json`),
      'serverInstanceList',
    );
    expect(jpn.totalRows).toBe(3);
    expect(jpn.items[0]!['region']).toEqual({ regionNo: '8', regionCode: 'JPN', regionName: 'Japan' });
    expect(jpn.items[0]!['privateIp']).toMatch(/^10\./);
    const kr = await listOf(await get(`${classic}?responseFormatType=json`), 'serverInstanceList');
    expect(kr.totalRows).toBe(2);
    expect((await get(`${classic}?regionNo=2&responseFormatType=json`)).status).toBe(400);
    const byCode = await get(`${classic}?regionCode=JPN&responseFormatType=json`);
    expect(byCode.status).toBe(400);
    expect(((await byCode.json()) as { error: { fieldErrors: unknown } }).error.fieldErrors).toEqual([
      { field: 'regionCode', message: 'Classic APIs take regionNo, not regionCode' },
    ]);
  });

  it('gives VPC servers the A2.3 fields with common-code objects', async () => {
    const [s] = (
      await listOf(
        await get(`${SERVERS}?regionCode=KR&pageNo=1&pageSize=1&responseFormatType=json`),
        'serverInstanceList',
      )
    ).items;
    expect(s).toMatchObject({
      serverName: 'svr-kr-0001',
      regionCode: 'KR',
      zoneCode: 'KR-1',
      serverInstanceStatus: { code: expect.stringMatching(/^(RUN|NSTOP)$/) },
      platformType: { code: expect.any(String) },
      cpuCount: expect.any(Number),
      memorySize: expect.any(Number),
      createDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0900$/),
    });
  });
});
