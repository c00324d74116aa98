/** Region tables: VPC answers regionCode/regionName; Classic adds regionNo (more-wire-facts §4.3). */
import type { NcpPlatform } from './types.ts';

export interface RegionInfo {
  regionCode: string;
  regionName: string;
  /** Classic only. */
  regionNo?: string;
}

const VPC_REGIONS: Record<string, string> = {
  KR: 'Korea',
  SGN: 'Singapore(New)',
  JPN: 'Japan(New)',
  USWN: 'US West(New)',
  DEN: 'Germany(New)',
};

const CLASSIC_REGIONS: Record<string, { no: string; name: string }> = {
  KR: { no: '1', name: 'Korea' },
  USW: { no: '2', name: 'US West' },
  HK: { no: '3', name: 'HongKong' },
  DE: { no: '6', name: 'Germany' },
  SGN: { no: '7', name: 'Singapore' },
  JPN: { no: '8', name: 'Japan' },
  USWN: { no: '9', name: 'US West(New)' },
  DEN: { no: '10', name: 'Germany(New)' },
};

export const DEFAULT_VPC_REGIONS = ['KR', 'SGN', 'JPN'];
export const DEFAULT_CLASSIC_REGIONS = ['KR'];

/** The region's row, or undefined when the platform has no such region. */
export function regionInfo(platform: NcpPlatform, code: string): RegionInfo | undefined {
  if (platform === 'vpc') {
    const name = VPC_REGIONS[code];
    return name === undefined ? undefined : { regionCode: code, regionName: name };
  }
  const row = CLASSIC_REGIONS[code];
  return row === undefined ? undefined : { regionNo: row.no, regionCode: code, regionName: row.name };
}

/** Classic region code for a regionNo ('1' → 'KR'). */
export function classicCodeOf(regionNo: string): string | undefined {
  return Object.entries(CLASSIC_REGIONS).find(([, row]) => row.no === regionNo)?.[0];
}

/** Zone codes NCP uses inside a region (VPC: KR-1/KR-2, SGN-4/SGN-5, JPN-4/JPN-5). */
export function zonesOf(regionCode: string): string[] {
  if (regionCode === 'KR') return ['KR-1', 'KR-2'];
  if (regionCode === 'SGN' || regionCode === 'JPN') return [`${regionCode}-4`, `${regionCode}-5`];
  return [`${regionCode}-1`];
}
