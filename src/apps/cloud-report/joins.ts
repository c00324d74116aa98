import type { Resource } from './model.ts';

/**
 * Names from lists the run already has, joined in memory: the VPC of servers, subnets and NAT
 * gateways, the server of block storage. The old tool asked NCP once per item for these.
 */
export function joinNames(resources: Resource[]): void {
  const names = new Map<string, string | null>();
  const key = (r: Pick<Resource, 'platform' | 'region'>, kind: string, id: unknown) =>
    `${r.platform}/${r.region}/${kind}/${String(id)}`;
  for (const r of resources) {
    if (r.kind === 'vpc' || r.kind === 'server') names.set(key(r, r.kind, r.id), r.name);
  }
  for (const r of resources) {
    if ('vpc_name' in r.columns && r.columns.vpc_no != null) {
      r.columns.vpc_name = names.get(key(r, 'vpc', r.columns.vpc_no)) ?? null;
    }
    if ('server_name' in r.columns && r.kind === 'block-storage' && r.columns.server_id != null) {
      r.columns.server_name = names.get(key(r, 'server', r.columns.server_id)) ?? null;
    }
  }
}
