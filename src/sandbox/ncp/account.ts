/** One customer's NCP account: its keys, regions, seeded resources and injected faults. */
import { generateItem, kindsOf } from './catalog.ts';
import { type ItemContext, zoneFor } from './fake.ts';
import { DEFAULT_CLASSIC_REGIONS, DEFAULT_VPC_REGIONS, regionInfo } from './regions.ts';
import type { NcpAccount, NcpAccountSpec, NcpInjectedError, NcpKind, NcpPlatform } from './types.ts';

export interface PathFault {
  path: string;
  /** Query parameters the request must also carry (from a `failPath('/p?dbKindCode=MYSQL')`). */
  params: URLSearchParams;
  error: NcpInjectedError;
}

export interface NextFault {
  remaining: number;
  status: 429 | 500 | 502 | 503 | 504;
  retryAfterSeconds?: number;
}

export interface AccountState {
  accessKey: string;
  secretKey: string;
  regions: Record<NcpPlatform, string[]>;
  /** Seeded items by `platform|kind|region`. */
  items: Map<string, Record<string, unknown>[]>;
  /** Servers by instance number, for Cloud Insight. */
  servers: Map<string, NcpPlatform>;
  pathFaults: PathFault[];
  nextFault: NextFault | undefined;
}

export const itemsKey = (platform: NcpPlatform, kind: NcpKind, region: string) =>
  `${platform}|${kind}|${region}`;

export function listItems(
  state: AccountState,
  platform: NcpPlatform,
  kind: NcpKind,
  region: string,
): Record<string, unknown>[] {
  return state.items.get(itemsKey(platform, kind, region)) ?? [];
}

export function createAccountState(spec: NcpAccountSpec): AccountState {
  const regions = {
    vpc: [...(spec.vpcRegions ?? DEFAULT_VPC_REGIONS)],
    classic: [...(spec.classicRegions ?? DEFAULT_CLASSIC_REGIONS)],
  };
  for (const platform of ['vpc', 'classic'] as const) {
    for (const code of regions[platform]) {
      if (regionInfo(platform, code) === undefined)
        throw new Error(`NCP emulator: no ${platform} region ${code}`);
    }
  }
  return {
    accessKey: spec.accessKey,
    secretKey: spec.secretKey,
    regions,
    items: new Map(),
    servers: new Map(),
    pathFaults: [],
    nextFault: undefined,
  };
}

/** The seeding and fault handle tests hold; `nextNo` hands out instance numbers unique in the emulator. */
export function accountHandle(state: AccountState, nextNo: () => string): NcpAccount {
  return {
    accessKey: state.accessKey,
    regions: state.regions,
    seed: (kind, platform, region, count) => seed(state, nextNo, { kind, platform, region, count }),
    failPath(path, error) {
      const [pathname, query] = path.split('?', 2) as [string, string | undefined];
      state.pathFaults = state.pathFaults.filter(
        (f) => f.path !== pathname || f.params.toString() !== (query ?? ''),
      );
      state.pathFaults.push({ path: pathname, params: new URLSearchParams(query ?? ''), error });
    },
    failNext(count, status, retryAfterSeconds) {
      if (!Number.isInteger(count) || count < 0) throw new Error('NCP emulator: failNext count must be >= 0');
      state.nextFault = { remaining: count, status };
      if (retryAfterSeconds !== undefined) state.nextFault.retryAfterSeconds = retryAfterSeconds;
    },
    clearFaults() {
      state.pathFaults = [];
      state.nextFault = undefined;
    },
  };
}

interface SeedRequest {
  kind: NcpKind;
  platform: NcpPlatform;
  region: string;
  count: number;
}

function seed(state: AccountState, nextNo: () => string, req: SeedRequest): Record<string, unknown>[] {
  const { kind, platform, region, count } = req;
  if (!kindsOf(platform).includes(kind))
    throw new Error(`NCP emulator: ${kind} does not exist on ${platform}`);
  if (!state.regions[platform].includes(region)) {
    throw new Error(`NCP emulator: ${region} is not a ${platform} region of ${state.accessKey}`);
  }
  if (!Number.isInteger(count) || count < 0) throw new Error('NCP emulator: seed count must be >= 0');
  const info = regionInfo(platform, region)!;
  const key = itemsKey(platform, kind, region);
  const list = state.items.get(key) ?? [];
  state.items.set(key, list);
  const made: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const index = list.length;
    const ctx: ItemContext = {
      no: nextNo(),
      index,
      platform,
      region: info,
      zoneCode: zoneFor(region, index),
      related: (other) => listItems(state, platform, other as NcpKind, region),
    };
    const item = generateItem(kind, ctx);
    list.push(item);
    made.push(item);
    if (kind === 'server') state.servers.set(ctx.no, platform);
  }
  return made;
}
