/** Which path answers what (reference A2.2), and which kinds exist on which platform. */
import type { ItemContext } from './fake.ts';
import { blockStorage, publicIpInstance, server, serverImage } from './items-compute.ts';
import { classicDatabase, type DbEngine, vpcDatabase } from './items-db.ts';
import { loadBalancer, nasVolume, natGateway, subnet, vpc } from './items-network.ts';
import type { NcpKind, NcpPlatform } from './types.ts';

export interface Endpoint {
  path: string;
  /** The action name, which is also the envelope's `<action>Response` stem. */
  action: string;
  platform: NcpPlatform;
  listKey: string;
  /** A plain resource list of this kind; absent for the special endpoints. */
  kind?: NcpKind;
  special?: 'regions' | 'nas-rating' | 'clouddb';
}

function endpoint(
  path: string,
  platform: NcpPlatform,
  listKey: string,
  kind?: NcpKind,
  special?: Endpoint['special'],
) {
  const action = path.slice(path.lastIndexOf('/') + 1);
  const row: Endpoint = { path, action, platform, listKey };
  if (kind !== undefined) row.kind = kind;
  if (special !== undefined) row.special = special;
  return row;
}

const VPC_DB: Array<[string, NcpKind, string]> = [
  ['/vmysql/v2/getCloudMysqlInstanceList', 'cloud-mysql', 'cloudMysqlInstanceList'],
  ['/vpostgresql/v2/getCloudPostgresqlInstanceList', 'cloud-postgresql', 'cloudPostgresqlInstanceList'],
  ['/vmssql/v2/getCloudMssqlInstanceList', 'cloud-mssql', 'cloudMssqlInstanceList'],
  ['/vredis/v2/getCloudRedisInstanceList', 'cloud-redis', 'cloudRedisInstanceList'],
  ['/vmongodb/v2/getCloudMongoDbInstanceList', 'cloud-mongodb', 'cloudMongoDbInstanceList'],
];

const ENDPOINTS: Endpoint[] = [
  endpoint('/vserver/v2/getRegionList', 'vpc', 'regionList', undefined, 'regions'),
  endpoint('/vserver/v2/getServerInstanceList', 'vpc', 'serverInstanceList', 'server'),
  endpoint('/vserver/v2/getBlockStorageInstanceList', 'vpc', 'blockStorageInstanceList', 'block-storage'),
  endpoint('/vserver/v2/getPublicIpInstanceList', 'vpc', 'publicIpInstanceList', 'public-ip'),
  endpoint(
    '/vserver/v2/getMemberServerImageInstanceList',
    'vpc',
    'memberServerImageInstanceList',
    'server-image',
  ),
  endpoint('/vnas/v2/getNasVolumeInstanceList', 'vpc', 'nasVolumeInstanceList', 'nas'),
  endpoint(
    '/vnas/v2/getNasVolumeInstanceRatingList',
    'vpc',
    'nasVolumeInstanceRatingList',
    'nas',
    'nas-rating',
  ),
  endpoint(
    '/vloadbalancer/v2/getLoadBalancerInstanceList',
    'vpc',
    'loadBalancerInstanceList',
    'load-balancer',
  ),
  endpoint('/vpc/v2/getVpcList', 'vpc', 'vpcList', 'vpc'),
  endpoint('/vpc/v2/getSubnetList', 'vpc', 'subnetList', 'subnet'),
  endpoint('/vpc/v2/getNatGatewayInstanceList', 'vpc', 'natGatewayInstanceList', 'nat-gateway'),
  ...VPC_DB.map(([path, kind, listKey]) => endpoint(path, 'vpc', listKey, kind)),
  endpoint('/server/v2/getRegionList', 'classic', 'regionList', undefined, 'regions'),
  endpoint('/server/v2/getServerInstanceList', 'classic', 'serverInstanceList', 'server'),
  endpoint('/server/v2/getBlockStorageInstanceList', 'classic', 'blockStorageInstanceList', 'block-storage'),
  endpoint('/server/v2/getPublicIpInstanceList', 'classic', 'publicIpInstanceList', 'public-ip'),
  endpoint('/server/v2/getMemberServerImageList', 'classic', 'memberServerImageList', 'server-image'),
  endpoint('/server/v2/getNasVolumeInstanceList', 'classic', 'nasVolumeInstanceList', 'nas'),
  endpoint(
    '/server/v2/getNasVolumeInstanceRatingList',
    'classic',
    'nasVolumeInstanceRatingList',
    'nas',
    'nas-rating',
  ),
  endpoint('/server/v2/getPrivateSubnetInstanceList', 'classic', 'privateSubnetInstanceList', 'subnet'),
  endpoint(
    '/loadbalancer/v2/getLoadBalancerInstanceList',
    'classic',
    'loadBalancerInstanceList',
    'load-balancer',
  ),
  endpoint('/clouddb/v2/getCloudDBInstanceList', 'classic', 'cloudDBInstanceList', undefined, 'clouddb'),
];

const BY_PATH = new Map(ENDPOINTS.map((e) => [e.path, e]));

export function findEndpoint(path: string): Endpoint | undefined {
  return BY_PATH.get(path);
}

/** Classic `dbKindCode` → kind (only these three engines exist on Classic). */
export const CLASSIC_DB_KINDS: Record<string, NcpKind> = {
  MYSQL: 'cloud-mysql',
  MSSQL: 'cloud-mssql',
  REDIS: 'cloud-redis',
};

export const VPC_KINDS: readonly NcpKind[] = [
  'vpc',
  'subnet',
  'nat-gateway',
  'server',
  'block-storage',
  'public-ip',
  'server-image',
  'nas',
  'load-balancer',
  'cloud-mysql',
  'cloud-postgresql',
  'cloud-mssql',
  'cloud-redis',
  'cloud-mongodb',
];

export const CLASSIC_KINDS: readonly NcpKind[] = [
  'subnet',
  'server',
  'block-storage',
  'public-ip',
  'server-image',
  'nas',
  'load-balancer',
  'cloud-mysql',
  'cloud-mssql',
  'cloud-redis',
];

/** Kinds in an order where parents (VPCs, subnets, servers) come before what refers to them. */
export const kindsOf = (platform: NcpPlatform) => (platform === 'vpc' ? VPC_KINDS : CLASSIC_KINDS);

const dbEngine = (kind: NcpKind) => kind.slice('cloud-'.length) as DbEngine;

export function generateItem(kind: NcpKind, ctx: ItemContext): Record<string, unknown> {
  switch (kind) {
    case 'server':
      return server(ctx);
    case 'block-storage':
      return blockStorage(ctx);
    case 'public-ip':
      return publicIpInstance(ctx);
    case 'server-image':
      return serverImage(ctx);
    case 'nas':
      return nasVolume(ctx);
    case 'load-balancer':
      return loadBalancer(ctx);
    case 'vpc':
      return vpc(ctx);
    case 'subnet':
      return subnet(ctx);
    case 'nat-gateway':
      return natGateway(ctx);
    default:
      return ctx.platform === 'vpc' ? vpcDatabase(dbEngine(kind), ctx) : classicDatabase(dbEngine(kind), ctx);
  }
}
