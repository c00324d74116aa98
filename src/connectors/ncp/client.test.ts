import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../platform/clock.ts';
import type { OpsbotError } from '../../platform/errors.ts';
import { silentLogger } from '../../platform/log.ts';
import type { Store } from '../../platform/store/types.ts';
import { closeServer, listen, readBody } from '../../sandbox/http-server.ts';
import { ncpConnector } from './index.ts';
import { signatureV2 } from './sign.ts';
import type { NcpClient } from './types.ts';

/**
 * The client against a scripted server (the wire edge cases the emulator does not play): paging
 * an API that ignores it, a 200 with a failing returnCode, bodies that are not JSON, bad paths,
 * network failures, the metrics answer mapping. Every request's signature is checked here too.
 */

const ACCESS = 'AK-CLIENT-TEST-01';
const SECRET = 'SK-CLIENT-TEST-0123456789';

type Handler = (
  req: IncomingMessage,
  body: string,
) => { status: number; json?: unknown; text?: string; headers?: Record<string, string> };

const server = createServer((req, res) => void serve(req, res));
let base = '';
let handler: Handler;
const seen: { method: string; url: string; body: string; signed: boolean }[] = [];
const waits: number[] = [];

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readBody(req, 1 << 20)).toString();
  const expected = signatureV2({
    method: req.method ?? '',
    uri: req.url ?? '',
    timestamp: String(req.headers['x-ncp-apigw-timestamp']),
    accessKey: ACCESS,
    secretKey: SECRET,
  });
  seen.push({
    method: req.method ?? '',
    url: req.url ?? '',
    body,
    signed: req.headers['x-ncp-apigw-signature-v2'] === expected,
  });
  const answer = handler(req, body);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(answer.text ?? JSON.stringify(answer.json ?? {}));
}

/** Real time, but retry waits are recorded instead of slept. */
const clock: Clock = { ...systemClock, sleep: async (ms: number) => void waits.push(ms) };

function client(options: Record<string, unknown> = {}): NcpClient {
  const connector = ncpConnector.create({
    name: 'ncp-test',
    options: { accessKey: ACCESS, secretKey: SECRET, apiUrl: base, monitoringUrl: `${base}/cw`, ...options },
    store: {} as Store,
    log: silentLogger(),
    clock,
  });
  return connector.client as NcpClient;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return `${(err as OpsbotError).code}: ${(err as Error).message}`;
  }
  return 'no error';
}

beforeAll(async () => {
  base = await listen(server, '127.0.0.1', 0);
});
afterAll(() => closeServer(server));
beforeEach(() => {
  seen.length = 0;
  waits.length = 0;
});

describe('list', () => {
  it('stops when an API ignores paging and sends the same rows again', async () => {
    const rows = [{ serverInstanceNo: '1' }, { serverInstanceNo: '2' }];
    handler = () => ({
      status: 200,
      json: { getServerInstanceListResponse: { returnCode: '0', totalRows: 5, serverInstanceList: rows } },
    });
    const result = await client().list({ path: '/vserver/v2/getServerInstanceList', pageSize: 2 });
    expect(result).toEqual({ items: rows, totalRows: 5, pages: 2 });
    expect(seen.map((s) => s.url)).toEqual([
      '/vserver/v2/getServerInstanceList?pageNo=1&pageSize=2&responseFormatType=json',
      '/vserver/v2/getServerInstanceList?pageNo=2&pageSize=2&responseFormatType=json',
    ]);
    expect(seen.every((s) => s.signed)).toBe(true);
  });

  it('stops at an empty page and reads listKey when given', async () => {
    handler = (req) => ({
      status: 200,
      json: {
        getXResponse: { totalRows: 9, aList: req.url?.includes('pageNo=1&') ? [{ n: 1 }] : [], bList: [] },
      },
    });
    const result = await client().list({
      path: '/vserver/v2/getX',
      params: { regionCode: 'KR' },
      listKey: 'aList',
    });
    expect(result).toEqual({ items: [{ n: 1 }], totalRows: 9, pages: 2 });
    expect(seen[0]?.url).toBe(
      '/vserver/v2/getX?regionCode=KR&pageNo=1&pageSize=1000&responseFormatType=json',
    );
    expect(await failure(client().list({ path: '/vserver/v2/getX' }))).toBe(
      'NCP_BAD_REQUEST: the answer has several lists (aList, bList): set listKey',
    );
  });
});

describe('call', () => {
  it('throws the returnCode of a 200 answer that failed', async () => {
    handler = () => ({
      status: 200,
      json: { getXResponse: { returnCode: '1250000', returnMessage: 'Please retry.' } },
    });
    expect(await failure(client().call({ path: '/vserver/v2/getX' }))).toBe('NCP_1250000: Please retry.');
  });

  it('names the status when the body is not JSON, and retries only 429/5xx', async () => {
    handler = () => ({ status: 200, text: '<xml/>' });
    expect(await failure(client().call({ path: '/vserver/v2/getX' }))).toBe(
      'NCP_HTTP_200: NCP answered 200 to GET /vserver/v2/getX with a body that is not JSON',
    );
    handler = () => ({ status: 404, text: 'nope' });
    expect(await failure(client().call({ path: '/vserver/v2/getX' }))).toBe(
      'NCP_HTTP_404: NCP answered 404 to GET /vserver/v2/getX',
    );
    expect(seen).toHaveLength(2);
    handler = () => ({ status: 502, text: '' });
    expect(await failure(client({ retries: 2 }).call({ path: '/vserver/v2/getX' }))).toMatch(/^NCP_HTTP_502/);
    expect(seen).toHaveLength(5);
    expect(waits).toHaveLength(2);
  });

  it('never lets a key into an error message', async () => {
    handler = () => ({
      status: 400,
      json: { responseError: { returnCode: '900', returnMessage: `bad key ${ACCESS} / ${SECRET}` } },
    });
    expect(await failure(client().call({ path: '/vserver/v2/getX' }))).toBe(
      'NCP_900: bad key [redacted] / [redacted]',
    );
  });

  it('caps Retry-After at a minute', async () => {
    let calls = 0;
    handler = () =>
      calls++ === 0
        ? {
            status: 429,
            json: { error: { errorCode: '400', message: 'Quota Exceeded' } },
            headers: { 'retry-after': '3600' },
          }
        : { status: 200, json: { getXResponse: { returnCode: '0' } } };
    expect(await client().call({ path: '/vserver/v2/getX' })).toEqual({ returnCode: '0' });
    expect(waits).toEqual([60_000]);
  });

  it('refuses paths that would change what is signed', async () => {
    for (const path of ['vserver/v2/x', '/vserver/v2/x?a=1', '/vserver/../x', '/a b', '']) {
      expect(await failure(client().call({ path }))).toMatch(/^NCP_BAD_REQUEST: path must be an API path/);
    }
    expect(seen).toHaveLength(0);
  });

  it('reports NCP_NETWORK after the retries when nothing answers', async () => {
    // A port that was just free: nothing listens there.
    const gone = createServer();
    const apiUrl = await listen(gone, '127.0.0.1', 0);
    await closeServer(gone);
    const ncp = client({ apiUrl, retries: 1 });
    expect(await failure(ncp.call({ path: '/vserver/v2/getX' }))).toBe(
      'NCP_NETWORK: NCP GET /vserver/v2/getX failed: ECONNREFUSED',
    );
    expect(waits).toHaveLength(1);
  });
});

describe('metrics', () => {
  it('posts the series and defaults a missing aggregation to the query', async () => {
    handler = () => ({
      status: 200,
      json: [
        { metric: 'avg_cpu_used_rto', dimensions: { instanceNo: '7' }, dps: [[1, 0.5], [2, '0.25'], 'junk'] },
        { metric: 'mem_usert', aggregation: 'MAX', dps: [] },
      ],
    });
    const dimensions = { instanceNo: '7' };
    const series = await client().metrics({
      timeStart: 1,
      timeEnd: 2,
      queries: [
        { prodKey: 'P', metric: 'avg_cpu_used_rto', interval: 'Day1', aggregation: 'AVG', dimensions },
        {
          prodKey: 'P',
          metric: 'mem_usert',
          interval: 'Day1',
          aggregation: 'AVG',
          queryAggregation: 'MAX',
          dimensions,
        },
      ],
    });
    expect(series).toEqual([
      {
        metric: 'avg_cpu_used_rto',
        aggregation: 'AVG',
        dimensions,
        dps: [
          [1, 0.5],
          [2, 0.25],
        ],
      },
      { metric: 'mem_usert', aggregation: 'MAX', dimensions, dps: [] },
    ]);
    expect(seen[0]?.url).toBe('/cw/cw_fea/real/cw/api/data/query/multiple?responseFormatType=json');
    expect(seen[0]?.signed).toBe(true);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      timeStart: 1,
      timeEnd: 2,
      metricInfoList: [
        { prodKey: 'P', metric: 'avg_cpu_used_rto', interval: 'Day1', aggregation: 'AVG', dimensions },
        {
          prodKey: 'P',
          metric: 'mem_usert',
          interval: 'Day1',
          aggregation: 'AVG',
          queryAggregation: 'MAX',
          dimensions,
        },
      ],
    });
  });
});
