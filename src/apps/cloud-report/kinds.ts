import type { NcpPlatform } from 'opsbot/connectors/ncp';

/**
 * The resource kinds the report collects, with the list API of each platform (A2.2 of the NCP
 * notes). A kind without a Classic API is simply not called on Classic. Field names differ between
 * platforms (and API versions), so ids, names and statuses are read from the first key present.
 */
export const KIND_NAMES = [
  'server',
  'block-storage',
  'nas',
  'public-ip',
  'load-balancer',
  'server-image',
  'vpc',
  'subnet',
  'nat-gateway',
  'cloud-mysql',
  'cloud-postgresql',
  'cloud-mssql',
  'cloud-redis',
  'cloud-mongodb',
] as const;

export type KindName = (typeof KIND_NAMES)[number];

export interface Endpoint {
  path: string;
  listKey: string;
  params?: Record<string, string>;
}

export type Item = Record<string, unknown>;
export type Cell = string | number | null;

/** A typed column beside the common ones (db column, sheet header, value from the item). */
export interface Column {
  column: string;
  header: string;
  type: 'integer' | 'double precision' | 'text';
  value(item: Item): Cell;
}

export interface Kind {
  name: KindName;
  /** Its table in the app database (snake_case). */
  table: string;
  vpc?: Endpoint;
  classic?: Endpoint;
  id: string[];
  label: string[];
  status: string[];
  columns: Column[];
}

const GIB = 1024 ** 3;

/** A field's text; common-code objects (`{ code, codeName }`) give their code. */
export function text(item: Item, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = item[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
    if (value && typeof value === 'object' && 'code' in value)
      return String((value as { code: unknown }).code);
  }
  return null;
}

function number(item: Item, key: string): number | null {
  const value = Number(item[key]);
  return item[key] === undefined || item[key] === null || Number.isNaN(value) ? null : value;
}

const gib = (item: Item, key: string): number | null => {
  const bytes = number(item, key);
  return bytes === null ? null : Math.round((bytes / GIB) * 100) / 100;
};

const textColumn = (column: string, header: string, ...keys: string[]): Column => ({
  column,
  header,
  type: 'text',
  value: (item) => text(item, ...keys),
});

const zone = textColumn('zone', 'zone', 'zoneCode', 'zone');
/** Filled in by joins.ts from lists the run already has (no look-up per item). */
const joined = (column: string, header: string): Column => textColumn(column, header, column);

const clouddb = (dbKindCode: string): Endpoint => ({
  path: '/clouddb/v2/getCloudDBInstanceList',
  listKey: 'cloudDBInstanceList',
  params: { dbKindCode },
});

/** Cloud DB kinds share a shape: `cloudMysqlInstanceNo`, `cloudMysqlServiceName`, … */
function cloudDb(name: KindName, key: string, vpcPath: string, classic?: Endpoint): Kind {
  return {
    name,
    table: name.replaceAll('-', '_'),
    vpc: { path: vpcPath, listKey: `${key}InstanceList` },
    ...(classic ? { classic } : {}),
    id: [`${key}InstanceNo`, 'cloudDBInstanceNo'],
    label: [`${key}ServiceName`, 'cloudDBServiceName'],
    status: [`${key}InstanceStatus`, 'cloudDBInstanceStatus', `${key}InstanceStatusName`],
    columns: [
      textColumn('engine_version', 'engine version', 'engineVersion', 'dbKindCode', `${key}ImageProductCode`),
      {
        column: 'node_count',
        header: 'nodes',
        type: 'integer',
        value: (item) => {
          const nodes = item[`${key}ServerInstanceList`] ?? item.cloudDBServerInstanceList;
          return Array.isArray(nodes) ? nodes.length : null;
        },
      },
    ],
  };
}

export const KINDS: readonly Kind[] = [
  {
    name: 'server',
    table: 'server',
    vpc: { path: '/vserver/v2/getServerInstanceList', listKey: 'serverInstanceList' },
    classic: { path: '/server/v2/getServerInstanceList', listKey: 'serverInstanceList' },
    id: ['serverInstanceNo'],
    label: ['serverName'],
    status: ['serverInstanceStatus', 'serverInstanceStatusName'],
    columns: [
      { column: 'cpu_count', header: 'CPUs', type: 'integer', value: (i) => number(i, 'cpuCount') },
      {
        column: 'memory_gb',
        header: 'memory (GB)',
        type: 'double precision',
        value: (i) => gib(i, 'memorySize'),
      },
      textColumn('spec', 'spec', 'serverSpecCode', 'serverProductCode'),
      textColumn('private_ip', 'private IP', 'privateIp'),
      textColumn('public_ip', 'public IP', 'publicIp'),
      zone,
      textColumn('vpc_no', 'VPC no', 'vpcNo'),
      joined('vpc_name', 'VPC'),
    ],
  },
  {
    name: 'block-storage',
    table: 'block_storage',
    vpc: { path: '/vserver/v2/getBlockStorageInstanceList', listKey: 'blockStorageInstanceList' },
    classic: { path: '/server/v2/getBlockStorageInstanceList', listKey: 'blockStorageInstanceList' },
    id: ['blockStorageInstanceNo'],
    label: ['blockStorageName'],
    status: ['blockStorageInstanceStatus', 'blockStorageInstanceStatusName'],
    columns: [
      {
        column: 'size_gb',
        header: 'size (GB)',
        type: 'double precision',
        value: (i) => gib(i, 'blockStorageSize'),
      },
      textColumn(
        'disk_type',
        'disk type',
        'blockStorageDiskDetailType',
        'blockStorageDiskType',
        'diskDetailType',
      ),
      textColumn('server_id', 'server no', 'serverInstanceNo'),
      joined('server_name', 'server'),
      zone,
    ],
  },
  {
    name: 'nas',
    table: 'nas',
    vpc: { path: '/vnas/v2/getNasVolumeInstanceList', listKey: 'nasVolumeInstanceList' },
    classic: { path: '/server/v2/getNasVolumeInstanceList', listKey: 'nasVolumeInstanceList' },
    id: ['nasVolumeInstanceNo'],
    label: ['volumeName'],
    status: ['nasVolumeInstanceStatus', 'nasVolumeInstanceStatusName'],
    columns: [
      // NCP does not document the unit of these sizes (see the NCP notes, A2.3): kept as sent.
      {
        column: 'total_size',
        header: 'total size',
        type: 'double precision',
        value: (i) => number(i, 'volumeTotalSize'),
      },
      {
        column: 'volume_size',
        header: 'volume size',
        type: 'double precision',
        value: (i) => number(i, 'volumeSize'),
      },
      textColumn('protocol', 'protocol', 'volumeAllotmentProtocolType'),
      zone,
    ],
  },
  {
    name: 'public-ip',
    table: 'public_ip',
    vpc: { path: '/vserver/v2/getPublicIpInstanceList', listKey: 'publicIpInstanceList' },
    classic: { path: '/server/v2/getPublicIpInstanceList', listKey: 'publicIpInstanceList' },
    id: ['publicIpInstanceNo'],
    label: ['publicIp'],
    status: ['publicIpInstanceStatus', 'publicIpInstanceStatusName'],
    columns: [
      textColumn('public_ip', 'public IP', 'publicIp'),
      textColumn('server_id', 'server no', 'serverInstanceNo'),
      textColumn('server_name', 'server', 'serverName'),
    ],
  },
  {
    name: 'load-balancer',
    table: 'load_balancer',
    vpc: { path: '/vloadbalancer/v2/getLoadBalancerInstanceList', listKey: 'loadBalancerInstanceList' },
    classic: { path: '/loadbalancer/v2/getLoadBalancerInstanceList', listKey: 'loadBalancerInstanceList' },
    id: ['loadBalancerInstanceNo'],
    label: ['loadBalancerName'],
    status: ['loadBalancerInstanceStatus', 'loadBalancerInstanceStatusName'],
    columns: [
      textColumn('lb_type', 'type', 'loadBalancerType', 'networkUsageType'),
      textColumn('domain', 'domain', 'loadBalancerDomain', 'domainName'),
    ],
  },
  {
    name: 'server-image',
    table: 'server_image',
    vpc: { path: '/vserver/v2/getMemberServerImageInstanceList', listKey: 'memberServerImageInstanceList' },
    classic: { path: '/server/v2/getMemberServerImageList', listKey: 'memberServerImageList' },
    id: ['memberServerImageInstanceNo', 'memberServerImageNo'],
    label: ['memberServerImageName'],
    status: ['memberServerImageInstanceStatus', 'memberServerImageStatus'],
    columns: [textColumn('source_server_id', 'from server no', 'originalServerInstanceNo')],
  },
  {
    name: 'vpc',
    table: 'vpc',
    vpc: { path: '/vpc/v2/getVpcList', listKey: 'vpcList' },
    id: ['vpcNo'],
    label: ['vpcName'],
    status: ['vpcStatus'],
    columns: [textColumn('cidr', 'CIDR', 'ipv4CidrBlock')],
  },
  {
    name: 'subnet',
    table: 'subnet',
    vpc: { path: '/vpc/v2/getSubnetList', listKey: 'subnetList' },
    classic: { path: '/server/v2/getPrivateSubnetInstanceList', listKey: 'privateSubnetInstanceList' },
    id: ['subnetNo', 'privateSubnetInstanceNo'],
    label: ['subnetName', 'privateSubnetDescription'],
    status: ['subnetStatus', 'privateSubnetInstanceStatus'],
    columns: [
      textColumn('cidr', 'CIDR', 'subnet'),
      textColumn('subnet_type', 'type', 'subnetType'),
      textColumn('vpc_no', 'VPC no', 'vpcNo'),
      joined('vpc_name', 'VPC'),
      zone,
    ],
  },
  {
    name: 'nat-gateway',
    table: 'nat_gateway',
    vpc: { path: '/vpc/v2/getNatGatewayInstanceList', listKey: 'natGatewayInstanceList' },
    id: ['natGatewayInstanceNo'],
    label: ['natGatewayName'],
    status: ['natGatewayInstanceStatus', 'natGatewayInstanceStatusName'],
    columns: [
      textColumn('public_ip', 'public IP', 'publicIp'),
      textColumn('vpc_no', 'VPC no', 'vpcNo'),
      joined('vpc_name', 'VPC'),
    ],
  },
  cloudDb('cloud-mysql', 'cloudMysql', '/vmysql/v2/getCloudMysqlInstanceList', clouddb('MYSQL')),
  cloudDb('cloud-postgresql', 'cloudPostgresql', '/vpostgresql/v2/getCloudPostgresqlInstanceList'),
  cloudDb('cloud-mssql', 'cloudMssql', '/vmssql/v2/getCloudMssqlInstanceList', clouddb('MSSQL')),
  cloudDb('cloud-redis', 'cloudRedis', '/vredis/v2/getCloudRedisInstanceList', clouddb('REDIS')),
  cloudDb('cloud-mongodb', 'cloudMongoDb', '/vmongodb/v2/getCloudMongoDbInstanceList'),
];

export function endpointOf(kind: Kind, platform: NcpPlatform): Endpoint | undefined {
  return platform === 'vpc' ? kind.vpc : kind.classic;
}
