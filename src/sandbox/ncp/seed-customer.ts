/** Fills an account with every kind its platforms have, for end-to-end tests and the benchmark. */
import { kindsOf } from './catalog.ts';
import type { NcpAccount, NcpKind, NcpPlatform } from './types.ts';

export interface SeedCustomerOptions {
  /** Region codes to fill (default: all of the account's regions); codes a platform lacks are skipped. */
  regions?: string[];
  /** Default: both platforms. */
  platforms?: NcpPlatform[];
  /** Servers per platform and region (default 10). */
  servers?: number;
  /** Items of every other kind per platform and region (default 2). */
  perKind?: number;
}

export interface SeededGroup {
  platform: NcpPlatform;
  region: string;
  kind: NcpKind;
  items: Record<string, unknown>[];
}

export function seedCustomer(account: NcpAccount, options: SeedCustomerOptions = {}): SeededGroup[] {
  const groups: SeededGroup[] = [];
  for (const platform of options.platforms ?? (['vpc', 'classic'] as const)) {
    const own = account.regions[platform];
    const regions = options.regions === undefined ? own : options.regions.filter((r) => own.includes(r));
    for (const region of regions) {
      // kindsOf lists parents first, so servers find their subnets and disks their servers.
      for (const kind of kindsOf(platform)) {
        const count = kind === 'server' ? (options.servers ?? 10) : (options.perKind ?? 2);
        groups.push({ platform, region, kind, items: account.seed(kind, platform, region, count) });
      }
    }
  }
  return groups;
}
