/**
 * Emulator of the Naver Cloud Platform APIs (v2 action APIs and Cloud Insight), for tests and the sandbox.
 *
 * Written from the reference docs only. Where they are UNCONFIRMED it picks the strict reading, so a
 * sloppy client fails here rather than in production:
 * - `pageSize` is required with `pageNo` on Classic too; Classic refuses `regionCode` (it takes `regionNo`).
 * - an action API POST must carry a form body; a Cloud Insight POST must be JSON.
 * - `query/multiple` entries must name their `aggregation` (the docs disagree on its default).
 * - bad parameters answer the standard error body with errorCode `BadRequest` / `NotFound` (HTTP 400);
 *   an injected responseError answers HTTP 400 unless told otherwise.
 * - Cloud Insight has data only for a server of the calling account, asked with the server product key
 *   of its platform and a metric of reference A3; anything else is an empty series.
 */

export { startNcpEmulator } from './emulator.ts';
export { INTERVAL_MS, ncpMetricValue, SERVER_METRICS, SERVER_PRODUCT_KEYS } from './metrics.ts';
export type { SeedCustomerOptions, SeededGroup } from './seed-customer.ts';
export { seedCustomer } from './seed-customer.ts';
export { ncpSignature } from './signature.ts';
export { type Keys, listOf, type SignedRequest, signedFetch, signedQuery } from './testkit.ts';
export type {
  NcpAccount,
  NcpAccountSpec,
  NcpEmulator,
  NcpEmulatorOptions,
  NcpInjectedError,
  NcpKind,
  NcpPlatform,
  NcpRecordedCall,
} from './types.ts';
