import type { NcpAggregation, NcpMetricQuery, NcpMetricSeries, NcpPlatform } from 'opsbot/connectors/ncp';
import { failureOf, type MetricRow, type Resource } from './model.ts';
import { accountOf, type StepContext } from './step.ts';

const METRICS_PATH = '/cw_fea/real/cw/api/data/query/multiple';

/**
 * The server series of the monthly report (A3 / §4.2 of the NCP notes). The aggregation is spelled
 * out per series: `avg_*` AVG, `max_*` MAX, memory both, file-system sizes MAX. (The old tool
 * derived it with a condition that was always true.)
 */
export const SERVER_METRICS: ReadonlyArray<{ metric: string; aggregation: NcpAggregation }> = [
  { metric: 'avg_cpu_used_rto', aggregation: 'AVG' },
  { metric: 'max_cpu_used_rto', aggregation: 'MAX' },
  { metric: 'mem_usert', aggregation: 'AVG' },
  { metric: 'mem_usert', aggregation: 'MAX' },
  { metric: 'avg_fs_usert', aggregation: 'AVG' },
  { metric: 'max_fs_usert', aggregation: 'MAX' },
  { metric: 'fs_all_mb', aggregation: 'MAX' },
  { metric: 'fs_used_mb', aggregation: 'MAX' },
  { metric: 'avg_snd_bps', aggregation: 'AVG' },
  { metric: 'max_snd_bps', aggregation: 'MAX' },
  { metric: 'avg_rcv_bps', aggregation: 'AVG' },
  { metric: 'max_rcv_bps', aggregation: 'MAX' },
  { metric: 'avg_read_byt_cnt', aggregation: 'AVG' },
  { metric: 'max_read_byt_cnt', aggregation: 'MAX' },
  { metric: 'avg_write_byt_cnt', aggregation: 'AVG' },
  { metric: 'max_write_byt_cnt', aggregation: 'MAX' },
];

/**
 * Every server's series for the period: one metrics() call per platform with all the queries; the
 * client splits them into Cloud Insight's batches of 20.
 */
export async function collectMetrics(step: StepContext): Promise<void> {
  const { collected, customer, options, period } = step;
  for (const platform of customer.platforms) {
    const servers = collected.resources.filter((r) => r.kind === 'server' && r.platform === platform);
    if (servers.length === 0) continue;
    const queries = queriesOf(servers, options.metricKeys[platform][customer.site], options.metricInterval);
    try {
      const series = await step.client.metrics({
        ...accountOf(customer),
        timeStart: period.start,
        timeEnd: period.end,
        queries: queries.map((q) => q.query),
      });
      collected.metrics.push(...queries.map((q, i) => summarise(platform, q.server, q.query, series[i])));
    } catch (err) {
      await step.fail(
        failureOf(err, { customer: customer.id, kind: 'metrics', platform, path: METRICS_PATH }),
      );
    }
  }
}

function queriesOf(
  servers: Resource[],
  prodKey: string,
  interval: NcpMetricQuery['interval'],
): Array<{ server: Resource; query: NcpMetricQuery }> {
  return servers.flatMap((server) =>
    SERVER_METRICS.map(({ metric, aggregation }) => ({
      server,
      query: { prodKey, metric, interval, aggregation, dimensions: { instanceNo: server.id } },
    })),
  );
}

/** Mean and maximum of a series' points over the period. */
export function summarise(
  platform: NcpPlatform,
  server: Resource,
  query: NcpMetricQuery,
  series: NcpMetricSeries | undefined,
): MetricRow {
  const values = (series?.dps ?? []).map(([, v]) => Number(v)).filter((v) => Number.isFinite(v));
  return {
    platform,
    region: server.region,
    serverId: server.id,
    serverName: server.name,
    metric: query.metric,
    aggregation: query.aggregation,
    avg: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    max: values.length ? values.reduce((a, b) => Math.max(a, b)) : null,
    points: values.length,
  };
}
