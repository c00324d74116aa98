import type { NcpPlatform, NcpSite } from 'opsbot/connectors/ncp';
import type { Cell, Item, KindName } from './kinds.ts';
import type { CustomerOptions } from './options.ts';
import type { Period } from './period.ts';

/** A customer as the run reports it: configured, discovered from a vault, or both. */
export interface Customer extends CustomerOptions {
  /** Passed as `customer` on every call of a vault-backed connection; absent for a plain one. */
  account?: string;
  site: NcpSite;
  source: 'config' | 'vault';
}

export interface Resource {
  kind: KindName;
  platform: NcpPlatform;
  region: string;
  id: string;
  name: string | null;
  status: string | null;
  /** The kind's typed columns (kinds.ts), joined names included. */
  columns: Record<string, Cell>;
  item: Item;
}

/** One Cloud Insight series of one server, summarised over the period. */
export interface MetricRow {
  platform: NcpPlatform;
  region: string;
  serverId: string;
  serverName: string | null;
  metric: string;
  aggregation: string;
  /** Mean and maximum of the data points; null when Cloud Insight had none. */
  avg: number | null;
  max: number | null;
  points: number;
}

/** One entry of a NAS volume's rating (usage) history. */
export interface NasUsageRow {
  platform: NcpPlatform;
  region: string;
  nasId: string;
  nasName: string | null;
  ratingTime: string | null;
  volumeSize: number | null;
  useSize: number | null;
  useRatio: number | null;
  item: Item;
}

/** An NCP call that failed: what the target is told, field by field. */
export interface ApiFailure {
  customer: string;
  /** A kind, or `regions`, `nas-usage`, `metrics`, `customers` for the calls around them. */
  kind: string;
  platform?: NcpPlatform;
  region?: string;
  path: string;
  /** NCP's code without the connector's `NCP_` prefix: `802`, `HTTP_500`, `NETWORK`. */
  code: string;
  /** NCP's message, verbatim. */
  message: string;
}

export interface Collected {
  customer: Customer;
  period: Period;
  resources: Resource[];
  metrics: MetricRow[];
  nasUsage: NasUsageRow[];
  failures: ApiFailure[];
  /** List calls that answered (a customer none of whose list calls answered has failed as a whole). */
  answered: number;
  /** Kinds with at least one failed call: the changes sheet does not call their resources removed. */
  incomplete: Set<KindName>;
}

export function failureOf(err: unknown, where: Omit<ApiFailure, 'code' | 'message'>): ApiFailure {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code.replace(/^NCP_/, '') : 'UNKNOWN';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { ...where, code, message };
}
