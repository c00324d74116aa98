import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NcpAccount, type NcpEmulator, startNcpEmulator } from './index.ts';
import { listOf, signedFetch } from './testkit.ts';

const keys = { accessKey: 'ncp_iam_FAULTS', secretKey: 'ncp_iam_SECRET_FAULTS' };
const other = { accessKey: 'ncp_iam_OTHER', secretKey: 'ncp_iam_SECRET_OTHER' };
const NAS = '/vnas/v2/getNasVolumeInstanceList';
const MESSAGE = 'You do not have authority about action : [NAS:View/getNASVolumeInstanceList].';

describe('NCP emulator: error envelopes and injected faults', () => {
  let emu: NcpEmulator;
  let account: NcpAccount;
  beforeAll(async () => {
    emu = await startNcpEmulator();
    account = emu.addAccount(keys);
    account.seed('nas', 'vpc', 'KR', 2);
    emu.addAccount(other).seed('nas', 'vpc', 'KR', 1);
  });
  afterAll(() => emu.close());

  it('answers the legacy responseError for one path of one account until cleared', async () => {
    account.failPath(NAS, { returnCode: '802', returnMessage: MESSAGE });
    const res = await signedFetch(emu.apiUrl, `${NAS}?regionCode=KR&responseFormatType=json`, keys);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ responseError: { returnCode: '802', returnMessage: MESSAGE } });
    const xml = await signedFetch(emu.apiUrl, NAS, keys);
    expect(await xml.text()).toContain('<responseError><returnCode>802</returnCode>');
    expect((await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, other)).status).toBe(200);
    expect(
      (await signedFetch(emu.apiUrl, '/vserver/v2/getServerInstanceList?responseFormatType=json', keys))
        .status,
    ).toBe(200);
    account.clearFaults();
    const ok = await listOf(
      await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, keys),
      'nasVolumeInstanceList',
    );
    expect(ok.totalRows).toBe(2);
  });

  it('honours the status given to failPath and a query condition in the path', async () => {
    account.failPath('/clouddb/v2/getCloudDBInstanceList?dbKindCode=MSSQL', {
      returnCode: '1007009',
      returnMessage: 'Internal error',
      status: 500,
    });
    const mssql = await signedFetch(
      emu.apiUrl,
      '/clouddb/v2/getCloudDBInstanceList?dbKindCode=MSSQL&responseFormatType=json',
      keys,
    );
    expect(mssql.status).toBe(500);
    const mysql = await signedFetch(
      emu.apiUrl,
      '/clouddb/v2/getCloudDBInstanceList?dbKindCode=MYSQL&responseFormatType=json',
      keys,
    );
    expect(mysql.status).toBe(200);
    account.clearFaults();
  });

  it('fails a Cloud Insight path too when asked', async () => {
    const path = '/cw_fea/real/cw/api/data/query/multiple';
    account.failPath(path, { returnCode: '210', returnMessage: 'Permission Denied', status: 401 });
    const res = await signedFetch(emu.monitoringUrl, path, keys, {
      method: 'POST',
      body: '{}',
      contentType: 'application/json',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      responseError: { returnCode: '210', returnMessage: 'Permission Denied' },
    });
    account.clearFaults();
  });

  it('answers 429 Quota Exceeded with Retry-After for the next N requests, then succeeds', async () => {
    account.failNext(2, 429, 3);
    for (let i = 0; i < 2; i++) {
      const res = await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, keys);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(await res.json()).toEqual({
        error: {
          errorCode: '400',
          message: 'Quota Exceeded',
          details: 'Too many requests for this access key',
        },
      });
    }
    expect((await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, keys)).status).toBe(200);
  });

  it('answers 429 without Retry-After and 5xx with the gateway body, on the monitoring listener too', async () => {
    account.failNext(1, 429);
    const quota = await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, keys);
    expect([quota.status, quota.headers.get('retry-after')]).toEqual([429, null]);
    account.failNext(1, 503);
    const down = await signedFetch(emu.monitoringUrl, '/cw_fea/real/cw/api/data/query', keys, {
      method: 'POST',
      body: '{}',
      contentType: 'application/json',
    });
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ error: { errorCode: '500', message: 'Service Unavailable' } });
    expect((await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, keys)).status).toBe(200);
  });

  it('does not spend injected faults on requests that fail authentication', async () => {
    account.failNext(1, 502);
    const forged = await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, {
      ...keys,
      secretKey: 'bad',
    });
    expect(forged.status).toBe(401);
    expect((await signedFetch(emu.apiUrl, `${NAS}?responseFormatType=json`, keys)).status).toBe(502);
  });

  it('answers the standard error for bad parameters (fieldErrors) and refuses a JSON body on an action API', async () => {
    const res = await signedFetch(
      emu.apiUrl,
      '/clouddb/v2/getCloudDBInstanceList?dbKindCode=ORACLE&responseFormatType=json',
      keys,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        errorCode: 'BadRequest',
        message: 'Invalid parameter: dbKindCode',
        fieldErrors: [{ field: 'dbKindCode', message: 'dbKindCode must be MYSQL, MSSQL or REDIS' }],
      },
    });
    const json = await signedFetch(emu.apiUrl, NAS, keys, {
      method: 'POST',
      body: '{"responseFormatType":"json"}',
      contentType: 'application/json',
    });
    expect(json.status).toBe(400);
  });
});
