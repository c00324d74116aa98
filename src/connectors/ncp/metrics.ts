import { errorEnvelope, NcpApiError } from './errors.ts';
import { type NcpAccount, type NcpHttpSettings, ncpRequest } from './http.ts';
import { queryString } from './sign.ts';
import type { NcpAggregation, NcpMetricQuery, NcpMetricSeries, NcpMetricsCall } from './types.ts';

/**
 * Cloud Insight `query/multiple`: at most 20 series per call, the calls in parallel (the account's
 * limit bounds them), the series back in query order.
 */

export const METRICS_PATH = '/cw_fea/real/cw/api/data/query/multiple';
const PER_CALL = 20;

export async function queryMetrics(
  account: NcpAccount,
  request: NcpMetricsCall,
  settings: NcpHttpSettings,
): Promise<NcpMetricSeries[]> {
  const batches: NcpMetricQuery[][] = [];
  for (let i = 0; i < request.queries.length; i += PER_CALL) {
    batches.push(request.queries.slice(i, i + PER_CALL));
  }
  const answers = await Promise.all(
    batches.map((batch) => queryBatch(account, { ...request, queries: batch }, settings)),
  );
  return answers.flat();
}

async function queryBatch(
  account: NcpAccount,
  request: NcpMetricsCall,
  settings: NcpHttpSettings,
): Promise<NcpMetricSeries[]> {
  const json = {
    timeStart: request.timeStart,
    timeEnd: request.timeEnd,
    metricInfoList: request.queries.map((q) => ({
      prodKey: q.prodKey,
      metric: q.metric,
      interval: q.interval,
      aggregation: q.aggregation,
      ...(q.queryAggregation ? { queryAggregation: q.queryAggregation } : {}),
      dimensions: q.dimensions,
    })),
  };
  const body = await ncpRequest(
    account,
    // Signed with `?responseFormatType=json` on the URI, as the working MSP report does.
    { method: 'POST', baseUrl: account.monitoringUrl, path: METRICS_PATH, query: queryString(), json },
    settings,
  );
  const envelope = errorEnvelope(body);
  if (envelope || !Array.isArray(body)) {
    throw new NcpApiError(
      envelope?.code ?? 'HTTP_200',
      envelope
        ? settings.redactor.redact(envelope.message)
        : `NCP answered POST ${METRICS_PATH} with no list`,
      { status: 200, path: METRICS_PATH, ...(envelope ? { returnCode: envelope.code } : {}) },
    );
  }
  // One answer per query, in order, when the counts match; otherwise matched by metric name.
  const byIndex = body.length === request.queries.length;
  return body.map((item, i) => {
    const answer = (item ?? {}) as Record<string, unknown>;
    const query = byIndex ? request.queries[i] : request.queries.find((q) => q.metric === answer['metric']);
    return seriesOf(answer, query);
  });
}

function seriesOf(answer: Record<string, unknown>, query: NcpMetricQuery | undefined): NcpMetricSeries {
  const dimensions = answer['dimensions'];
  const dps = Array.isArray(answer['dps']) ? answer['dps'] : [];
  return {
    metric: String(answer['metric'] ?? query?.metric ?? ''),
    aggregation: (typeof answer['aggregation'] === 'string'
      ? answer['aggregation']
      : (query?.aggregation ?? 'AVG')) as NcpAggregation,
    dimensions:
      dimensions && typeof dimensions === 'object' && !Array.isArray(dimensions)
        ? Object.fromEntries(Object.entries(dimensions).map(([k, v]) => [k, String(v)]))
        : { ...query?.dimensions },
    dps: dps
      .filter((point): point is unknown[] => Array.isArray(point) && point.length >= 2)
      .map((point) => [Number(point[0]), Number(point[1])] as [number, number]),
  };
}
