/** Servers, block storage, public IPs and member server images, with the fields of reference A2.3. */
import {
  classicRegion,
  classicZone,
  code,
  GIB,
  hash01,
  type ItemContext,
  ncpDate,
  pad,
  pick,
  relatedAt,
  shortRegion,
} from './fake.ts';

const SPECS = [
  { cpu: 2, memGib: 4, product: 'SVR.VSVR.STAND.C002.M004.NET.SSD.B050.G002', spec: 's2-g2-s50' },
  { cpu: 2, memGib: 8, product: 'SVR.VSVR.STAND.C002.M008.NET.SSD.B050.G002', spec: 's2-g2' },
  { cpu: 4, memGib: 16, product: 'SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002', spec: 's4-g2' },
  { cpu: 8, memGib: 32, product: 'SVR.VSVR.STAND.C008.M032.NET.SSD.B050.G002', spec: 's8-g2' },
];
const IMAGES = [
  {
    product: 'SW.VSVR.OS.LNX64.ROCKY.0810.B050',
    name: 'rocky-8.10-base',
    platform: code('LNX64', 'Linux 64 Bit'),
  },
  {
    product: 'SW.VSVR.OS.LNX64.UBNTU.SVR2004.B050',
    name: 'ubuntu-20.04',
    platform: code('UBD64', 'Ubuntu Desktop 64 Bit'),
  },
  {
    product: 'SW.VSVR.OS.WND64.WND.SVR2019EN.B100',
    name: 'win-2019-64-en',
    platform: code('WND64', 'Windows 64 Bit'),
  },
];
const STATUSES = [
  { status: code('RUN', 'Server run state'), name: 'running', weight: 0.85 },
  { status: code('NSTOP', 'Server normal stopped state'), name: 'stopped', weight: 1 },
];

const octet = (seed: string) => 1 + Math.floor(hash01(seed) * 253);
const privateIp = (ctx: ItemContext) => `10.${ctx.index % 250}.${octet(`${ctx.no}a`)}.${octet(`${ctx.no}b`)}`;
const publicIp = (ctx: ItemContext) => `223.130.${octet(`${ctx.no}c`)}.${octet(`${ctx.no}d`)}`;

export function server(ctx: ItemContext): Record<string, unknown> {
  const spec = pick(SPECS, `${ctx.no}spec`);
  const image = pick(IMAGES, `${ctx.no}image`);
  const roll = hash01(`${ctx.no}status`);
  const state = STATUSES.find((s) => roll < s.weight)!;
  const common = {
    serverInstanceNo: ctx.no,
    serverName: `svr-${shortRegion(ctx)}-${pad(ctx.index)}`,
    serverDescription: '',
    cpuCount: spec.cpu,
    memorySize: spec.memGib * GIB,
    platformType: image.platform,
    loginKeyName: 'ops-key',
    serverInstanceStatus: state.status,
    serverInstanceOperation: code('NULL', 'Server NULL OP'),
    serverInstanceStatusName: state.name,
    createDate: ncpDate(ctx.no, ctx.index),
    uptime: ncpDate(`${ctx.no}up`, ctx.index + 24),
    serverImageProductCode: image.product,
    serverProductCode: spec.product,
    isProtectServerTermination: false,
  };
  if (ctx.platform === 'classic') {
    return {
      ...common,
      serverImageName: image.name,
      privateIp: privateIp(ctx),
      publicIp: '',
      baseBlockStorageSize: 50 * GIB,
      zone: classicZone(ctx),
      region: classicRegion(ctx),
      portForwardingPublicIp: publicIp(ctx),
      portForwardingExternalPort: 1024 + ctx.index,
      portForwardingInternalPort: 22,
      accessControlGroupList: [
        { accessControlGroupConfigurationNo: '1000', accessControlGroupName: 'ncloud-default-acg' },
      ],
      instanceTagList: [],
      userData: '',
    };
  }
  const subnet = relatedAt(ctx, 'subnet');
  return {
    ...common,
    publicIpInstanceNo: '',
    publicIp: '',
    serverSpecCode: spec.spec,
    serverImageNo: String(20_000 + Math.floor(hash01(`${ctx.no}img`) * 900)),
    zoneCode: ctx.zoneCode,
    regionCode: ctx.region.regionCode,
    vpcNo: String(subnet?.['vpcNo'] ?? ''),
    subnetNo: String(subnet?.['subnetNo'] ?? ''),
    networkInterfaceNoList: [String(Number(ctx.no) + 500_000_000)],
    initScriptNo: '',
    serverInstanceType: code('STAND', 'Standard'),
    baseBlockStorageDiskType: code('NET', 'Network Storage'),
    baseBlockStorageDiskDetailType: code('SSD', 'SSD'),
    placementGroupNo: '',
    placementGroupName: '',
    memberServerImageInstanceNo: '',
    hypervisorType: code('XEN', 'XEN'),
  };
}

export function blockStorage(ctx: ItemContext): Record<string, unknown> {
  const owner = relatedAt(ctx, 'server');
  const sizeGib = pick([10, 50, 100, 200, 500, 1000], `${ctx.no}size`);
  const common = {
    blockStorageInstanceNo: ctx.no,
    serverInstanceNo: String(owner?.['serverInstanceNo'] ?? ''),
    serverName: String(owner?.['serverName'] ?? ''),
    blockStorageName: `bst-${shortRegion(ctx)}-${pad(ctx.index)}`,
    blockStorageSize: sizeGib * GIB,
    blockStorageType: code('SVRBS', 'Server BS'),
    blockStorageInstanceStatus: code('ATTAC', 'Block storage ATTACHED state'),
    blockStorageInstanceOperation: code('NULL', 'Block Storage NULLOP'),
    blockStorageInstanceStatusName: 'attached',
    blockStorageDiskType: code('NET', 'Network Storage'),
    blockStorageDiskDetailType: code('SSD', 'SSD'),
    deviceName: `/dev/xvd${String.fromCharCode(98 + (ctx.index % 20))}`,
    createDate: ncpDate(ctx.no, ctx.index),
    blockStorageProductCode: 'SPBSTBSTAD000006',
  };
  if (ctx.platform === 'classic') {
    return {
      ...common,
      zone: classicZone(ctx),
      region: classicRegion(ctx),
      diskDetailType: code('SSD', 'SSD'),
    };
  }
  return {
    ...common,
    zoneCode: ctx.zoneCode,
    regionCode: ctx.region.regionCode,
    maxIopsThroughput: sizeGib * 10,
    isEncryptedVolume: hash01(`${ctx.no}enc`) < 0.3,
    isReturnProtection: false,
    volumeType: code('SSD', 'SSD'),
  };
}

export function publicIpInstance(ctx: ItemContext): Record<string, unknown> {
  const owner = relatedAt(ctx, 'server');
  const common = {
    publicIpInstanceNo: ctx.no,
    publicIp: publicIp(ctx),
    publicIpDescription: '',
    createDate: ncpDate(ctx.no, ctx.index),
    serverInstanceNo: String(owner?.['serverInstanceNo'] ?? ''),
    serverName: String(owner?.['serverName'] ?? ''),
    publicIpInstanceStatus: code('USED', 'USED state'),
    publicIpInstanceStatusName: 'used',
    publicIpInstanceOperation: code('NULL', 'NULL OP'),
    lastModifyDate: ncpDate(`${ctx.no}mod`, ctx.index + 48),
  };
  if (ctx.platform === 'classic') {
    return {
      ...common,
      privateIp: String(owner?.['privateIp'] ?? ''),
      zone: classicZone(ctx),
      region: classicRegion(ctx),
    };
  }
  return { ...common, privateIp: privateIp(ctx), regionCode: ctx.region.regionCode };
}

export function serverImage(ctx: ItemContext): Record<string, unknown> {
  const origin = relatedAt(ctx, 'server');
  const image = pick(IMAGES, `${ctx.no}image`);
  const common = {
    memberServerImageName: `img-${shortRegion(ctx)}-${pad(ctx.index)}`,
    memberServerImageDescription: '',
    originalServerInstanceNo: String(origin?.['serverInstanceNo'] ?? ''),
    originalServerImageProductCode: image.product,
    createDate: ncpDate(ctx.no, ctx.index),
    memberServerImageBlockStorageTotalRows: 1,
    memberServerImageBlockStorageTotalSize: 50 * GIB,
  };
  if (ctx.platform === 'classic') {
    return {
      ...common,
      memberServerImageNo: ctx.no,
      originalServerName: String(origin?.['serverName'] ?? ''),
      originalServerProductCode: String(origin?.['serverProductCode'] ?? ''),
      memberServerImageStatus: code('CREAT', 'NSI CREATED state'),
      memberServerImageStatusName: 'created',
      memberServerImagePlatformType: image.platform,
      region: classicRegion(ctx),
    };
  }
  return {
    ...common,
    memberServerImageInstanceNo: ctx.no,
    memberServerImageInstanceStatus: code('CREAT', 'NSI CREATED state'),
    memberServerImageInstanceStatusName: 'created',
    memberServerImageInstanceOperation: code('NULL', 'NULL OP'),
    memberServerImagePlatformType: image.platform,
    regionCode: ctx.region.regionCode,
  };
}
