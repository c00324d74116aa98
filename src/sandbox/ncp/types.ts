/** The NCP emulator's public shapes (other engineers code against these; add, never change). */

export interface NcpEmulatorOptions {
  /** Bind address of both listeners (default 127.0.0.1). */
  host?: string;
  /** Port of the action-API listener (default 0: any free port). */
  port?: number;
  /** Port of the Cloud Insight listener (default 0). */
  monitoringPort?: number;
  /** Added before every answer, to make a client's concurrency visible in a benchmark (default 0). */
  latencyMs?: number;
  /** The gateway clock in epoch ms (default Date.now); signatures more than 5 minutes off it fail. */
  now?: () => number;
}

export interface NcpRecordedCall {
  listener: 'api' | 'monitoring';
  /** The `x-ncp-iam-access-key` header as received ('' when absent). */
  accessKey: string;
  method: string;
  /** The path without the query. */
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  status: number;
  /** When the answer was decided, by the emulator clock (epoch ms). */
  at: number;
}

export interface NcpEmulator {
  /** The ncloud.apigw.ntruss.com stand-in, e.g. http://127.0.0.1:40001 (no trailing slash). */
  apiUrl: string;
  /** The cw.apigw.ntruss.com stand-in (Cloud Insight). */
  monitoringUrl: string;
  /** Adds an account (one customer's NCP keys) and returns it for seeding. */
  addAccount(spec: NcpAccountSpec): NcpAccount;
  account(accessKey: string): NcpAccount | undefined;
  /** Every request seen by either listener, in order. */
  calls: NcpRecordedCall[];
  close(): Promise<void>;
}

export interface NcpAccountSpec {
  accessKey: string;
  secretKey: string;
  /** Region codes `getRegionList` answers on VPC, first = default (default KR, SGN, JPN). */
  vpcRegions?: string[];
  /** Region codes of Classic, first = default (default KR). */
  classicRegions?: string[];
}

export type NcpKind =
  | 'server'
  | 'block-storage'
  | 'nas'
  | 'public-ip'
  | 'load-balancer'
  | 'server-image'
  | 'vpc'
  | 'subnet'
  | 'nat-gateway'
  | 'cloud-mysql'
  | 'cloud-postgresql'
  | 'cloud-mssql'
  | 'cloud-redis'
  | 'cloud-mongodb';

export type NcpPlatform = 'vpc' | 'classic';

export interface NcpInjectedError {
  returnCode: string;
  returnMessage: string;
  /** HTTP status of the answer (default 400; the real status of e.g. 802 is UNCONFIRMED). */
  status?: number;
}

export interface NcpAccount {
  accessKey: string;
  /** The account's region codes per platform, in `getRegionList` order (first = default). */
  regions: Readonly<Record<NcpPlatform, readonly string[]>>;
  /** Generates `count` realistic items of a kind in one platform+region (ids unique per account). Returns them. */
  seed(kind: NcpKind, platform: NcpPlatform, region: string, count: number): Record<string, unknown>[];
  /** Every path answered with this responseError (HTTP status default 400) until cleared. */
  failPath(path: string, error: NcpInjectedError): void;
  /** The next `count` requests of this account answered with this status (429 → gateway quota body; 5xx → gateway body), optional Retry-After seconds. */
  failNext(count: number, status: 429 | 500 | 502 | 503 | 504, retryAfterSeconds?: number): void;
  clearFaults(): void;
}

/** What a handler decides; the server records it, waits the latency, then writes it. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}
