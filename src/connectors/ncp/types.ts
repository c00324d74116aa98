/**
 * What an `ncp` connection gives apps (`ctx.connector<NcpClient>('ncp-acme')`). Types only: apps
 * reach the client over IPC, so arguments and results are plain data, and the access and secret
 * keys never leave the daemon.
 */

export type NcpPlatform = 'vpc' | 'classic';
/** `public` (ncloud.com, "pri" in old tools) or `gov` (gov-ntruss.com). */
export type NcpSite = 'public' | 'gov';

/**
 * An NCP account the connection signs for. A plain connection stands for one, with the
 * connection's name as its id; one with `customersFromVault: true` for one per enabled vault secret
 * (secret name = customer id, value = secret key, tags `access_key` and `customer_type` pri|gov).
 */
export interface NcpCustomer {
  id: string;
  site: NcpSite;
  source: 'config' | 'vault';
  /** The vault secret's `customer_name` tag, when there is one. */
  name?: string;
}

export interface NcpRegion {
  regionCode: string;
  regionName: string;
  /** Classic only: Classic list APIs take `regionNo`, not `regionCode`. */
  regionNo?: string;
}

export type NcpParam = string | number | boolean | readonly (string | number)[];

export interface NcpCall {
  /**
   * Whose keys sign the call: required on a `customersFromVault` connection, and otherwise omitted
   * (or the connection's name).
   */
  customer?: string;
  /** Path on `apiUrl`, e.g. `/vserver/v2/getServerInstanceList`. */
  path: string;
  /**
   * Query parameters. Arrays become numbered keys (`serverInstanceNoList.1=…`);
   * `responseFormatType=json` is always added.
   */
  params?: Record<string, NcpParam>;
}

export interface NcpListCall extends NcpCall {
  /** The array in the response to collect; default: the response's one `…List` array. */
  listKey?: string;
  /** Rows per page, 1–1000 (default 1000). Pages are fetched until `totalRows` are collected. */
  pageSize?: number;
}

export interface NcpListResult<T = Record<string, unknown>> {
  items: T[];
  totalRows: number;
  /** HTTP calls the paging took. */
  pages: number;
}

export type NcpInterval = 'Min1' | 'Min5' | 'Min30' | 'Hour2' | 'Day1';
export type NcpAggregation = 'COUNT' | 'SUM' | 'MAX' | 'MIN' | 'AVG';

/** One series for Cloud Insight `query/multiple`. */
export interface NcpMetricQuery {
  /** The product's Cloud Insight key (`cw_key` / `prodKey`), e.g. Server(VPC) on public. */
  prodKey: string;
  metric: string;
  interval: NcpInterval;
  aggregation: NcpAggregation;
  queryAggregation?: NcpAggregation;
  dimensions: Record<string, string>;
}

export interface NcpMetricSeries {
  metric: string;
  aggregation: NcpAggregation;
  dimensions: Record<string, string>;
  /** [epoch ms, value] pairs as Cloud Insight returns them. */
  dps: [number, number][];
}

export interface NcpMetricsCall {
  customer?: string;
  /** Epoch ms. */
  timeStart: number;
  timeEnd: number;
  queries: NcpMetricQuery[];
}

/**
 * Errors are thrown with code `NCP_<code>` and the NCP message as the error's message, verbatim:
 * `NCP_802` "You do not have authority about action : [NAS:View/getNASVolumeInstanceList]." for a
 * `responseError`, `NCP_<errorCode>` for a gateway or standard `error` body, `NCP_HTTP_<status>`
 * for a non-2xx answer without a recognisable body, `NCP_NETWORK` when no answer came. 429 and 5xx
 * are retried with backoff before they are thrown.
 */
export interface NcpClient {
  /** The accounts this connection signs for (a vault-backed one lists the vault, cached for its ttl). */
  customers(): Promise<NcpCustomer[]>;
  /** `getRegionList` of the platform (`/vserver/v2` for VPC, `/server/v2` for Classic). */
  regions(request: { customer?: string; platform: NcpPlatform }): Promise<NcpRegion[]>;
  /** One call; the inner `{action}Response` object. */
  call(request: NcpCall): Promise<Record<string, unknown>>;
  /** Every page of a list action (`pageNo`/`pageSize` until `totalRows`). */
  list<T = Record<string, unknown>>(request: NcpListCall): Promise<NcpListResult<T>>;
  /** Cloud Insight `query/multiple` on `monitoringUrl`, ≤ 20 queries per call, results in query order. */
  metrics(request: NcpMetricsCall): Promise<NcpMetricSeries[]>;
}
