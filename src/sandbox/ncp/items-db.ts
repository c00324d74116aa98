/**
 * Cloud DB services. A "DB instance" is a service (cluster) holding its nodes in
 * `cloud{Engine}ServerInstanceList` (reference A2.2); Classic has one API for three engines.
 */
import {
  classicRegion,
  classicZone,
  code,
  GIB,
  hash01,
  type ItemContext,
  ncpDate,
  pad,
  relatedAt,
  shortRegion,
} from './fake.ts';

export type DbEngine = 'mysql' | 'postgresql' | 'mssql' | 'redis' | 'mongodb';

/** The field-name stem of each engine on VPC: cloudMysqlInstanceNo, cloudMongoDbInstanceNo… */
export const VPC_DB_STEM: Record<DbEngine, string> = {
  mysql: 'Mysql',
  postgresql: 'Postgresql',
  mssql: 'Mssql',
  redis: 'Redis',
  mongodb: 'MongoDb',
};

const VERSIONS: Record<DbEngine, string> = {
  mysql: 'MySQL 8.0.36',
  postgresql: 'PostgreSQL 14.10',
  mssql: 'SQL Server 2019 Standard Edition',
  redis: 'Redis 7.0.13',
  mongodb: 'MongoDB 6.0.12',
};

const PORTS: Record<DbEngine, number> = {
  mysql: 3306,
  postgresql: 5432,
  mssql: 1433,
  redis: 6379,
  mongodb: 17017,
};

function nodeCount(ctx: ItemContext): number {
  return hash01(`${ctx.no}ha`) < 0.6 ? 2 : 1;
}

function vpcNode(ctx: ItemContext, stem: string, i: number, engine: DbEngine): Record<string, unknown> {
  const subnet = relatedAt(ctx, 'subnet');
  const no = `${ctx.no}${i}`;
  const storageGib = 100 * (1 + (ctx.index % 5));
  return {
    [`cloud${stem}ServerInstanceNo`]: no,
    [`cloud${stem}ServerName`]: `${engine}-${shortRegion(ctx)}-${pad(ctx.index)}-${String(i + 1).padStart(3, '0')}`,
    [`cloud${stem}ServerRole`]: i === 0 ? code('M', 'Master') : code('H', 'Standby Master'),
    [`cloud${stem}ServerInstanceStatusName`]: 'running',
    [`cloud${stem}ServerInstanceStatus`]: code('RUN', 'Running'),
    [`cloud${stem}ProductCode`]: 'SVR.VDBAS.STAND.C002.M008.NET.SSD.B050.G002',
    regionCode: ctx.region.regionCode,
    zoneCode: ctx.zoneCode,
    vpcNo: String(subnet?.['vpcNo'] ?? ''),
    subnetNo: String(subnet?.['subnetNo'] ?? ''),
    isPublicSubnet: false,
    privateDomain: `db-${no}.vpc-cdb.ntruss.com`,
    cpuCount: 2,
    memorySize: 8 * GIB,
    dataStorageType: code('SSD', 'SSD'),
    dataStorageSize: storageGib * GIB,
    usedDataStorageSize: Math.floor(storageGib * GIB * hash01(`${no}used`)),
    createDate: ncpDate(ctx.no, ctx.index),
    uptime: ncpDate(`${no}up`, ctx.index + 24),
  };
}

export function vpcDatabase(engine: DbEngine, ctx: ItemContext): Record<string, unknown> {
  const stem = VPC_DB_STEM[engine];
  const nodes = Array.from({ length: nodeCount(ctx) }, (_, i) => vpcNode(ctx, stem, i, engine));
  return {
    [`cloud${stem}InstanceNo`]: ctx.no,
    [`cloud${stem}ServiceName`]: `${engine}-svc-${shortRegion(ctx)}-${pad(ctx.index)}`,
    [`cloud${stem}InstanceStatusName`]: 'running',
    [`cloud${stem}InstanceStatus`]: code('CREAT', 'CLOUD DATABASE(VPC) Created'),
    [`cloud${stem}InstanceOperation`]: code('NULL', 'CLOUD DATABASE(VPC) Null OP'),
    [`cloud${stem}ImageProductCode`]: `SW.VDB${engine.toUpperCase().slice(0, 5)}.LNX64.CNTOS.0708.${engine.toUpperCase()}.B050`,
    engineVersion: VERSIONS[engine],
    [`cloud${stem}Port`]: PORTS[engine],
    isHa: nodes.length > 1,
    backupTime: '02:00',
    backupFileRetentionPeriod: 7,
    createDate: ncpDate(ctx.no, ctx.index),
    regionCode: ctx.region.regionCode,
    accessControlGroupNoList: [String(Number(ctx.no) + 400_000)],
    [`cloud${stem}ServerInstanceList`]: nodes,
  };
}

/** Classic `getCloudDBInstanceList` items (dbKindCode MYSQL | MSSQL | REDIS). */
export function classicDatabase(engine: DbEngine, ctx: ItemContext): Record<string, unknown> {
  const nodes = Array.from({ length: nodeCount(ctx) }, (_, i) => {
    const no = `${ctx.no}${i}`;
    const storageGib = 100 * (1 + (ctx.index % 5));
    return {
      cloudDBServerInstanceNo: no,
      cloudDBServerName: `${engine}-${shortRegion(ctx)}-${pad(ctx.index)}-${String(i + 1).padStart(3, '0')}`,
      cloudDBServerRole: i === 0 ? code('M', 'Master') : code('H', 'Standby Master'),
      cloudDBServerInstanceStatusName: 'running',
      cloudDBServerInstanceStatus: code('RUN', 'Running'),
      privateDnsName: `db-${no}.cdb.ntruss.com`,
      publicDnsName: '',
      dataStorageSize: storageGib * GIB,
      usedDataStorageSize: Math.floor(storageGib * GIB * hash01(`${no}used`)),
      createDate: ncpDate(ctx.no, ctx.index),
      uptime: ncpDate(`${no}up`, ctx.index + 24),
    };
  });
  return {
    cloudDBInstanceNo: ctx.no,
    cloudDBServiceName: `${engine}-svc-${shortRegion(ctx)}-${pad(ctx.index)}`,
    dbKindCode: engine.toUpperCase(),
    engineVersion: VERSIONS[engine],
    cpuCount: 2,
    dataStorageType: code('SSD', 'SSD'),
    licenceModel: code('LICENSE_INCLUDED', 'License included'),
    cloudDBPort: PORTS[engine],
    isHa: nodes.length > 1,
    backupTime: '02:00',
    backupFileRetentionPeriod: 7,
    cloudDBInstanceStatus: code('CREAT', 'CLOUD DATABASE Created'),
    cloudDBInstanceStatusName: 'running',
    createDate: ncpDate(ctx.no, ctx.index),
    zone: classicZone(ctx),
    region: classicRegion(ctx),
    cloudDBServerInstanceList: nodes,
  };
}
