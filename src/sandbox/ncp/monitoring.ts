/** Cloud Insight on the monitoringUrl listener: `data/query` (bare array) and `data/query/multiple` (≤ 20). */
import type { AccountState } from './account.ts';
import { AGGREGATIONS, dataPoints, INTERVAL_MS, SERVER_METRICS, SERVER_PRODUCT_KEYS } from './metrics.ts';
import { isReply } from './paging.ts';
import { badParameter, jsonReply, standardError } from './replies.ts';
import type { Reply } from './types.ts';

export const QUERY_PATH = '/cw_fea/real/cw/api/data/query';
export const MULTIPLE_PATH = '/cw_fea/real/cw/api/data/query/multiple';
export const MONITORING_PATHS = new Set([QUERY_PATH, MULTIPLE_PATH]);

const MAX_ENTRIES = 20;
/** A guard against a client asking a year of per-minute points by mistake. */
const MAX_POINTS = 50_000;

interface Series {
  productKey: string;
  metric: string;
  interval: string;
  aggregation: string;
  dimensions: Record<string, unknown>;
}

type Range = { start: number; end: number };

export function handleMonitoring(state: AccountState, path: string, body: Buffer): Reply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return standardError('BadRequest', 'Request body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return standardError('BadRequest', 'Request body must be a JSON object');
  }
  const request = parsed as Record<string, unknown>;
  const range = timeRange(request);
  if (isReply(range)) return range;
  if (path === QUERY_PATH) {
    // Single query: aggregation AVG and interval Min1 by default (more-wire-facts §4.2).
    const series = parseSeries(request, 'cw_key', { aggregation: 'AVG', interval: 'Min1' });
    if (isReply(series)) return series;
    const dps = points(state, series, range);
    return isReply(dps) ? dps : jsonReply(200, dps);
  }
  return queryMultiple(state, request, range);
}

function queryMultiple(state: AccountState, request: Record<string, unknown>, range: Range): Reply {
  const list = request['metricInfoList'];
  if (!Array.isArray(list) || list.length === 0)
    return badParameter('metricInfoList', 'metricInfoList is required');
  if (list.length > MAX_ENTRIES) {
    return badParameter('metricInfoList', `at most ${MAX_ENTRIES} entries per call (got ${list.length})`);
  }
  const answers: Record<string, unknown>[] = [];
  for (const [i, entry] of list.entries()) {
    if (typeof entry !== 'object' || entry === null)
      return badParameter(`metricInfoList[${i}]`, 'must be an object');
    // The docs disagree on the default aggregation here (AVG vs SUM), so none is assumed: a
    // client must send it, as the reference advises.
    const series = parseSeries(entry as Record<string, unknown>, 'prodKey', {}, `metricInfoList[${i}].`);
    if (isReply(series)) return series;
    const dps = points(state, series, range);
    if (isReply(dps)) return dps;
    const { metric, aggregation, interval, dimensions } = series;
    answers.push({ metric, aggregation, interval, dimensions, dps });
  }
  return jsonReply(200, answers);
}

function timeRange(request: Record<string, unknown>): Range | Reply {
  const start = request['timeStart'];
  const end = request['timeEnd'];
  if (!Number.isInteger(start)) return badParameter('timeStart', 'timeStart must be epoch milliseconds');
  if (!Number.isInteger(end)) return badParameter('timeEnd', 'timeEnd must be epoch milliseconds');
  if ((end as number) <= (start as number)) return badParameter('timeEnd', 'timeEnd must be after timeStart');
  return { start: start as number, end: end as number };
}

/** One series request; `keyField` is where the product key lives (`prodKey`, or `cw_key` as the MSP code sends). */
function parseSeries(
  raw: Record<string, unknown>,
  keyField: 'cw_key' | 'prodKey',
  defaults: { aggregation?: string; interval?: string },
  prefix = '',
): Series | Reply {
  const productKey = raw[keyField] ?? raw['cw_key'] ?? raw['prodKey'];
  if (typeof productKey !== 'string' || productKey === '')
    return badParameter(`${prefix}${keyField}`, 'is required');
  if (SERVER_PRODUCT_KEYS[productKey] === undefined) {
    return standardError('NotFound', `No product ${productKey}`, [
      { field: `${prefix}${keyField}`, message: 'unknown product key' },
    ]);
  }
  const metric = raw['metric'];
  if (typeof metric !== 'string' || metric === '') return badParameter(`${prefix}metric`, 'is required');
  const interval = raw['interval'] ?? defaults.interval;
  if (typeof interval !== 'string' || INTERVAL_MS[interval] === undefined) {
    return badParameter(`${prefix}interval`, `must be one of ${Object.keys(INTERVAL_MS).join(', ')}`);
  }
  const aggregation = raw['aggregation'] ?? defaults.aggregation;
  if (typeof aggregation !== 'string' || !AGGREGATIONS.includes(aggregation)) {
    return badParameter(`${prefix}aggregation`, `must be one of ${AGGREGATIONS.join(', ')}`);
  }
  const dimensions = raw['dimensions'];
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) {
    return badParameter(`${prefix}dimensions`, 'must be an object such as {"instanceNo":"…"}');
  }
  return { productKey, metric, interval, aggregation, dimensions: dimensions as Record<string, unknown> };
}

/** Data only for a server of this account on the product key's platform; anything else is an empty series. */
function points(state: AccountState, series: Series, range: Range): Array<[number, number]> | Reply {
  const step = INTERVAL_MS[series.interval]!;
  if ((range.end - range.start) / step > MAX_POINTS) {
    return badParameter('interval', `more than ${MAX_POINTS} points; use a longer interval`);
  }
  const instanceNo = series.dimensions['instanceNo'];
  if (typeof instanceNo !== 'string') return [];
  if (state.servers.get(instanceNo) !== SERVER_PRODUCT_KEYS[series.productKey]) return [];
  if (!SERVER_METRICS.has(series.metric)) return [];
  return dataPoints(instanceNo, series.metric, series.aggregation, { ...range, step });
}
