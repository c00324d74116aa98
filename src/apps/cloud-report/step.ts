import type { NcpClient, NcpPlatform, NcpRegion } from 'opsbot/connectors/ncp';
import type { ApiFailure, Collected, Customer } from './model.ts';
import type { Options } from './options.ts';
import type { Period } from './period.ts';

export interface CollectInput {
  client: NcpClient;
  customer: Customer;
  period: Period;
  options: Options;
  /** Told about each failed call as it happens, so the target hears of it during the run. */
  onFailure(failure: ApiFailure): Promise<void>;
}

/** A platform's region with the parameter its list APIs take (VPC `regionCode`, Classic `regionNo`). */
export interface PlatformRegion {
  platform: NcpPlatform;
  region: NcpRegion;
}

/** What the steps after the lists (NAS usage, metrics) work with. */
export interface StepContext extends CollectInput {
  regions: PlatformRegion[];
  collected: Collected;
  fail(failure: ApiFailure): Promise<void>;
}

/** `customer` on calls of a vault-backed connection only. */
export function accountOf(customer: Customer): { customer?: string } {
  return customer.account === undefined ? {} : { customer: customer.account };
}

/** VPC APIs take `regionCode`; Classic ones `regionNo` (from getRegionList). */
export function regionParam(at: PlatformRegion): Record<string, string> {
  if (at.platform === 'classic' && at.region.regionNo !== undefined) return { regionNo: at.region.regionNo };
  return { regionCode: at.region.regionCode };
}
