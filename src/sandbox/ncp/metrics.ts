/** Cloud Insight data: deterministic values from (instanceNo, metric, aggregation, ts), one point per interval. */
import { hash01 } from './fake.ts';
import type { NcpPlatform } from './types.ts';

export const INTERVAL_MS: Record<string, number> = {
  Min1: 60_000,
  Min5: 300_000,
  Min30: 1_800_000,
  Hour2: 7_200_000,
  Day1: 86_400_000,
};

export const AGGREGATIONS = ['COUNT', 'SUM', 'MAX', 'MIN', 'AVG'];

/** Server product keys (cw_key / prodKey) from reference A3, public and gov sites. */
export const SERVER_PRODUCT_KEYS: Record<string, NcpPlatform> = {
  '460438474722512896': 'vpc',
  '567435234753253376': 'vpc',
  '769533687317532672': 'classic',
  '769530112713560064': 'classic',
};

/** Server metric names of reference A3; any other name has no data (an empty series). */
export const SERVER_METRICS = new Set([
  'avg_cpu_used_rto',
  'max_cpu_used_rto',
  'mem_usert',
  'avg_fs_usert',
  'max_fs_usert',
  'fs_all_mb',
  'fs_used_mb',
  'avg_snd_bps',
  'avg_rcv_bps',
  'max_snd_bps',
  'max_rcv_bps',
  'avg_read_byt_cnt',
  'avg_write_byt_cnt',
  'max_read_byt_cnt',
  'max_write_byt_cnt',
  'all_byt_cnt',
]);

/** Where a metric's values live: percentages, bits per second, byte counts, MB sizes. */
function scale(metric: string): { low: number; high: number; cap?: number } {
  if (metric.endsWith('_rto') || metric.endsWith('_usert')) return { low: 2, high: 80, cap: 100 };
  if (metric.endsWith('_bps')) return { low: 1e4, high: 5e7 };
  if (metric.endsWith('_byt_cnt')) return { low: 1e3, high: 1e8 };
  return { low: 10_240, high: 512_000 };
}

const AGGREGATION_FACTOR: Record<string, number> = { AVG: 1, MAX: 1.25, MIN: 0.6, SUM: 60, COUNT: 0 };

/**
 * The value the emulator answers for one point. Exported so tests can state exact expectations.
 * `max_*` metrics run above their `avg_*` twin; `fs_all_mb` is constant per server and
 * `fs_used_mb` stays below it.
 */
export function ncpMetricValue(instanceNo: string, metric: string, aggregation: string, ts: number): number {
  if (aggregation === 'COUNT') return 60;
  const family = metric.replace(/^(avg|max)_/, '');
  const { low, high, cap } = scale(metric);
  const base = low + (high - low) * hash01(`${instanceNo}|${family}`);
  if (metric === 'fs_all_mb') return Math.round(base);
  const jitter = 0.7 + 0.6 * hash01(`${instanceNo}|${metric}|${ts}`);
  const peak = metric.startsWith('max_') ? 1.3 : 1;
  let value = base * jitter * peak * (AGGREGATION_FACTOR[aggregation] ?? 1);
  if (metric === 'fs_used_mb')
    value = Math.min(value, ncpMetricValue(instanceNo, 'fs_all_mb', aggregation, ts) * 0.95);
  if (cap !== undefined && aggregation !== 'SUM') value = Math.min(value, cap);
  return Math.round(value * 10_000) / 10_000;
}

/** `[[ts, value], …]` for ts = timeStart + k·interval while ts < timeEnd. */
export function dataPoints(
  instanceNo: string,
  metric: string,
  aggregation: string,
  range: { start: number; end: number; step: number },
): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (let ts = range.start; ts < range.end; ts += range.step) {
    points.push([ts, ncpMetricValue(instanceNo, metric, aggregation, ts)]);
  }
  return points;
}
