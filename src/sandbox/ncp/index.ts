/** Emulator of the Naver Cloud Platform APIs (v2 action APIs and Cloud Insight), for tests and the sandbox. */

export { startNcpEmulator } from './emulator.ts';
export { INTERVAL_MS, ncpMetricValue, SERVER_METRICS, SERVER_PRODUCT_KEYS } from './metrics.ts';
export type { SeedCustomerOptions, SeededGroup } from './seed-customer.ts';
export { seedCustomer } from './seed-customer.ts';
export { ncpSignature } from './signature.ts';
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
