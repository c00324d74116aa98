/**
 * The instance-number list filters of the list actions (`serverInstanceNoList.1=…&serverInstanceNoList.2=…`,
 * reference A1 "list-valued params use numbered keys"). Only the filters named after each kind's own
 * number are modelled; other parameters are ignored, as NCP ignores parameters it does not define.
 */
import type { NcpKind, NcpPlatform } from './types.ts';

/** Request parameter stem → the item field it matches. */
function filterField(kind: NcpKind, platform: NcpPlatform): string | undefined {
  switch (kind) {
    case 'server':
      return 'serverInstanceNo';
    case 'block-storage':
      return 'blockStorageInstanceNo';
    case 'public-ip':
      return 'publicIpInstanceNo';
    case 'nas':
      return 'nasVolumeInstanceNo';
    case 'load-balancer':
      return 'loadBalancerInstanceNo';
    case 'server-image':
      return platform === 'vpc' ? 'memberServerImageInstanceNo' : 'memberServerImageNo';
    case 'subnet':
      return platform === 'vpc' ? 'subnetNo' : 'privateSubnetInstanceNo';
    case 'nat-gateway':
      return 'natGatewayInstanceNo';
    default:
      return undefined;
  }
}

/** `serverInstanceNoList.1`, `serverInstanceNoList.2`… → the wanted numbers, or undefined when none is given. */
function wanted(params: URLSearchParams, stem: string): Set<string> | undefined {
  const numbered = new RegExp(`^${stem}List\\.\\d+$`);
  const values = [...params].filter(([k]) => numbered.test(k)).map(([, v]) => v);
  return values.length === 0 ? undefined : new Set(values);
}

export function applyFilters(
  items: Record<string, unknown>[],
  kind: NcpKind,
  platform: NcpPlatform,
  params: URLSearchParams,
): Record<string, unknown>[] {
  const field = filterField(kind, platform);
  if (field === undefined) return items;
  const numbers = wanted(params, field);
  return numbers === undefined ? items : items.filter((item) => numbers.has(String(item[field])));
}
