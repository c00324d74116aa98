/** Deterministic fake data: the same seed gives the same value on every run (no Math.random). */
import type { RegionInfo } from './regions.ts';
import { zonesOf } from './regions.ts';
import type { NcpPlatform } from './types.ts';

/** A number in [0, 1) from a string (FNV-1a; fast enough for a month of per-minute points). */
export function hash01(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 0x1_0000_0000;
}

export function pick<T>(list: readonly T[], seed: string): T {
  return list[Math.floor(hash01(seed) * list.length)]!;
}

/** NCP's "common code" objects, e.g. `{ code: 'RUN', codeName: 'Server run state' }`. */
export const code = (value: string, codeName: string) => ({ code: value, codeName });

const KST_MS = 9 * 3600 * 1000;
const BASE_MS = Date.UTC(2024, 0, 2, 1, 0, 0);

/** NCP's date format, `2024-01-02T10:00:00+0900`, `index` hours and some minutes after a fixed start. */
export function ncpDate(seed: string, index: number): string {
  const ms = BASE_MS + index * 3_600_000 + Math.floor(hash01(seed) * 3_600_000);
  return `${new Date(ms + KST_MS).toISOString().slice(0, 19)}+0900`;
}

export const GIB = 1024 ** 3;

/** Everything a generator needs to know about where and what it makes. */
export interface ItemContext {
  /** The unique instance number (string, as NCP sends it). */
  no: string;
  /** Position of the item among its kind in this account (drives names and dates). */
  index: number;
  platform: NcpPlatform;
  region: RegionInfo;
  zoneCode: string;
  /** Items of another kind already seeded in the same account, platform and region. */
  related(kind: string): Record<string, unknown>[];
}

export function zoneFor(regionCode: string, index: number): string {
  const zones = zonesOf(regionCode);
  return zones[index % zones.length]!;
}

/** Classic's zone object (zoneNo values other than KR's 2/3 are invented). */
export function classicZone(ctx: ItemContext): Record<string, string> {
  const zones = zonesOf(ctx.region.regionCode);
  const i = zones.indexOf(ctx.zoneCode);
  const zoneNo =
    ctx.region.regionCode === 'KR' ? String(2 + i) : String(Number(ctx.region.regionNo) * 10 + i + 1);
  return {
    zoneNo,
    zoneName: ctx.zoneCode,
    zoneCode: ctx.zoneCode,
    zoneDescription: `${ctx.region.regionName} zone ${i + 1}`,
    regionNo: ctx.region.regionNo ?? '',
  };
}

/** Classic's region object. */
export const classicRegion = (ctx: ItemContext) => ({
  regionNo: ctx.region.regionNo ?? '',
  regionCode: ctx.region.regionCode,
  regionName: ctx.region.regionName,
});

/** The n-th related item (round robin), or undefined when there is none. */
export function relatedAt(ctx: ItemContext, kind: string): Record<string, unknown> | undefined {
  const list = ctx.related(kind);
  return list.length === 0 ? undefined : list[ctx.index % list.length];
}

/** Region part of generated names; Classic gets a `c` so VPC and Classic names never collide. */
export const shortRegion = (ctx: ItemContext) =>
  `${ctx.platform === 'classic' ? 'c' : ''}${ctx.region.regionCode.toLowerCase()}`;
export const pad = (n: number) => String(n + 1).padStart(4, '0');
