import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NcpEmulator, ncpSignature, startNcpEmulator } from './index.ts';
import { listOf, signedFetch } from './testkit.ts';

const keys = { accessKey: 'ncp_iam_AUTH', secretKey: 'ncp_iam_SECRET_AUTH' };
const PATH = '/vserver/v2/getServerInstanceList';

describe('NCP emulator: signature v2 at the gateway', () => {
  let emu: NcpEmulator;
  beforeAll(async () => {
    emu = await startNcpEmulator();
    emu.addAccount(keys).seed('server', 'vpc', 'KR', 3);
  });
  afterAll(() => emu.close());

  const authFailure = async (res: Response) => {
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: Record<string, string> };
    expect(body.error.errorCode).toBe('200');
    expect(body.error.message).toBe('Authentication Failed');
    return body.error['details'];
  };

  it('accepts a signed GET with a query', async () => {
    const res = await signedFetch(emu.apiUrl, `${PATH}?regionCode=KR&responseFormatType=json`, keys);
    expect(res.status).toBe(200);
    expect((await listOf(res, 'serverInstanceList')).totalRows).toBe(3);
  });

  it('accepts a POST whose parameters are a form body (the body is not signed)', async () => {
    const res = await signedFetch(emu.apiUrl, PATH, keys, {
      method: 'POST',
      body: 'regionCode=KR&responseFormatType=json&pageNo=1&pageSize=2',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    const list = await listOf(res, 'serverInstanceList');
    expect([list.totalRows, list.items.length]).toEqual([3, 2]);
  });

  it('accepts the older x-ncp-apigw-signature-v1 header with the same algorithm', async () => {
    const res = await signedFetch(emu.apiUrl, `${PATH}?responseFormatType=json`, keys, {
      signatureHeader: 'x-ncp-apigw-signature-v1',
    });
    expect(res.status).toBe(200);
  });

  it('refuses a forged signature', async () => {
    const res = await signedFetch(emu.apiUrl, `${PATH}?responseFormatType=json`, {
      ...keys,
      secretKey: 'guess',
    });
    expect(await authFailure(res)).toBe('Signature mismatch');
  });

  it('refuses a request signed over a different query order than the one sent', async () => {
    const res = await signedFetch(emu.apiUrl, `${PATH}?regionCode=KR&responseFormatType=json`, keys, {
      signUri: `${PATH}?responseFormatType=json&regionCode=KR`,
    });
    expect(await authFailure(res)).toBe('Signature mismatch');
  });

  it('refuses a request signed over a differently encoded query', async () => {
    const res = await signedFetch(emu.apiUrl, `${PATH}?x=a%20b&responseFormatType=json`, keys, {
      signUri: `${PATH}?x=a+b&responseFormatType=json`,
    });
    expect(await authFailure(res)).toBe('Signature mismatch');
  });

  it('refuses a timestamp more than 5 minutes old or ahead, accepts one 4 minutes off', async () => {
    const uri = `${PATH}?responseFormatType=json`;
    expect(
      await authFailure(await signedFetch(emu.apiUrl, uri, keys, { timestamp: Date.now() - 301_000 })),
    ).toMatch(/5 minutes/);
    expect(
      await authFailure(await signedFetch(emu.apiUrl, uri, keys, { timestamp: Date.now() + 301_000 })),
    ).toMatch(/5 minutes/);
    expect((await signedFetch(emu.apiUrl, uri, keys, { timestamp: Date.now() - 240_000 })).status).toBe(200);
  });

  it('refuses an unknown access key and missing headers', async () => {
    const res = await signedFetch(emu.apiUrl, `${PATH}?responseFormatType=json`, {
      accessKey: 'nobody',
      secretKey: 'x',
    });
    expect(await authFailure(res)).toBe('Invalid access key');
    expect(await authFailure(await fetch(`${emu.apiUrl}${PATH}?responseFormatType=json`))).toMatch(/Missing/);
  });

  it('refuses a timestamp in seconds rather than milliseconds', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const uri = `${PATH}?responseFormatType=json`;
    const res = await fetch(`${emu.apiUrl}${uri}`, {
      headers: {
        'x-ncp-apigw-timestamp': ts,
        'x-ncp-iam-access-key': keys.accessKey,
        'x-ncp-apigw-signature-v2': ncpSignature('GET', uri, ts, keys.accessKey, keys.secretKey),
      },
    });
    expect(await authFailure(res)).toBe('Timestamp must be epoch milliseconds');
  });

  it('answers 404 with the gateway body for a path on the wrong listener or an unknown path', async () => {
    for (const [base, path] of [
      [emu.monitoringUrl, `${PATH}?responseFormatType=json`],
      [emu.apiUrl, '/cw_fea/real/cw/api/data/query'],
      [emu.apiUrl, '/vserver/v2/getNothingList'],
    ] as const) {
      const res = await signedFetch(base, path, keys, {
        method: 'POST',
        body: '{}',
        contentType: 'application/json',
      });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { errorCode: string } }).error.errorCode).toBe('300');
    }
  });

  it('records every call with listener, key, method, path, raw query and status', async () => {
    const before = emu.calls.length;
    await signedFetch(emu.apiUrl, `${PATH}?regionCode=KR&responseFormatType=json`, keys);
    await signedFetch(emu.monitoringUrl, PATH, keys);
    expect(emu.calls.slice(before).map(({ at, ...call }) => call)).toEqual([
      {
        listener: 'api',
        accessKey: keys.accessKey,
        method: 'GET',
        path: PATH,
        query: 'regionCode=KR&responseFormatType=json',
        status: 200,
      },
      {
        listener: 'monitoring',
        accessKey: keys.accessKey,
        method: 'GET',
        path: PATH,
        query: '',
        status: 404,
      },
    ]);
    expect(typeof emu.calls.at(-1)!.at).toBe('number');
  });
});
