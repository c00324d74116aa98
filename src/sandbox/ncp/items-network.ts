/** NAS volumes, load balancers, VPCs, subnets (Classic: private subnets) and NAT gateways. */
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

export function nasVolume(ctx: ItemContext): Record<string, unknown> {
  const servers = ctx.related('server').slice(0, 2);
  // Size unit is UNCONFIRMED in the reference; bytes, like block storage.
  const sizeGib = pick([500, 1000, 2000], `${ctx.no}size`);
  const name = `nas${shortRegion(ctx)}${pad(ctx.index)}`;
  const common = {
    nasVolumeInstanceNo: ctx.no,
    nasVolumeInstanceStatus: code('CREAT', 'NAS create'),
    nasVolumeInstanceOperation: code('NULL', 'NAS NULL OP'),
    nasVolumeInstanceStatusName: 'created',
    createDate: ncpDate(ctx.no, ctx.index),
    nasVolumeDescription: '',
    mountInformation: `10.250.${ctx.index % 250}.${1 + (ctx.index % 200)}:/n${ctx.no}_${name}`,
    volumeAllotmentProtocolType: code('NFS', 'NFS'),
    volumeName: `n${ctx.no}_${name}`,
    volumeTotalSize: sizeGib * GIB,
    volumeSize: sizeGib * GIB,
    snapshotVolumeConfigurationRatio: 0,
    snapshotVolumeSize: 0,
    isSnapshotConfiguration: false,
    isEventConfiguration: false,
    isEncryptedVolume: false,
  };
  if (ctx.platform === 'classic') {
    return {
      ...common,
      nasVolumeServerInstanceList: servers.map((s) => ({
        serverInstanceNo: s['serverInstanceNo'],
        serverName: s['serverName'],
      })),
      zone: classicZone(ctx),
      region: classicRegion(ctx),
    };
  }
  return {
    ...common,
    nasVolumeServerInstanceNoList: servers.map((s) => String(s['serverInstanceNo'])),
    zoneCode: ctx.zoneCode,
    regionCode: ctx.region.regionCode,
    isReturnProtection: false,
  };
}

export function loadBalancer(ctx: ItemContext): Record<string, unknown> {
  const servers = ctx.related('server').slice(0, 2);
  const name = `lb-${shortRegion(ctx)}-${pad(ctx.index)}`;
  const ip = `211.188.${1 + (ctx.index % 250)}.${1 + Math.floor(hash01(ctx.no) * 250)}`;
  if (ctx.platform === 'classic') {
    return {
      loadBalancerInstanceNo: ctx.no,
      virtualIp: ip,
      loadBalancerName: name,
      loadBalancerAlgorithmType: code('RR', 'Round Robin'),
      loadBalancerDescription: '',
      createDate: ncpDate(ctx.no, ctx.index),
      domainName: `slb-${ctx.no}.ncloudslb.com`,
      internetLineType: code('PUBLC', 'Public'),
      loadBalancerInstanceStatusName: 'Used',
      loadBalancerInstanceStatus: code('USED', 'NET USED state'),
      loadBalancerInstanceOperation: code('NULL', 'NET NULL OP'),
      networkUsageType: code('PBLIP', 'General'),
      isHttpKeepAlive: false,
      connectionTimeout: 60,
      loadBalancedServerInstanceList: servers.map((s) => ({
        serverInstanceNo: s['serverInstanceNo'],
        serverName: s['serverName'],
      })),
      region: classicRegion(ctx),
    };
  }
  const subnet = relatedAt(ctx, 'subnet');
  return {
    loadBalancerInstanceNo: ctx.no,
    loadBalancerInstanceStatus: code('USED', 'LB USED state'),
    loadBalancerInstanceOperation: code('NULL', 'LB NULL OP'),
    loadBalancerInstanceStatusName: 'Running',
    loadBalancerDescription: '',
    createDate: ncpDate(ctx.no, ctx.index),
    loadBalancerName: name,
    loadBalancerDomain: `${name}-${ctx.no}.${ctx.region.regionCode.toLowerCase()}.lb.naverncp.com`,
    loadBalancerIpList: [ip],
    loadBalancerType: code(pick(['APPLICATION', 'NETWORK'], `${ctx.no}type`), 'Load balancer type'),
    loadBalancerNetworkType: code('PUBLIC', 'Public'),
    throughputType: code('SMALL', 'Small'),
    idleTimeout: 60,
    vpcNo: String(subnet?.['vpcNo'] ?? ''),
    regionCode: ctx.region.regionCode,
    subnetNoList: subnet === undefined ? [] : [String(subnet['subnetNo'])],
    loadBalancerSubnetList: [],
    loadBalancerListenerNoList: [String(Number(ctx.no) + 700_000_000)],
  };
}

export function vpc(ctx: ItemContext): Record<string, unknown> {
  return {
    vpcNo: ctx.no,
    vpcName: `vpc-${shortRegion(ctx)}-${pad(ctx.index)}`,
    ipv4CidrBlock: `10.${ctx.index % 250}.0.0/16`,
    vpcStatus: code('RUN', 'run'),
    regionCode: ctx.region.regionCode,
    createDate: ncpDate(ctx.no, ctx.index),
  };
}

export function subnet(ctx: ItemContext): Record<string, unknown> {
  if (ctx.platform === 'classic') {
    return {
      privateSubnetInstanceNo: ctx.no,
      subnet: `10.${100 + (ctx.index % 150)}.0.0/24`,
      privateSubnetDescription: '',
      privateSubnetInstanceStatus: code('RUN', 'run'),
      privateSubnetInstanceOperation: code('NULL', 'NULL OP'),
      privateSubnetInstanceStatusName: 'run',
      createDate: ncpDate(ctx.no, ctx.index),
      zone: classicZone(ctx),
      region: classicRegion(ctx),
    };
  }
  const parent = relatedAt(ctx, 'vpc');
  const third = ctx.index % 250;
  const cidr = String(parent?.['ipv4CidrBlock'] ?? '10.0.0.0/16').replace(/\.0\.0\/16$/, `.${third}.0/24`);
  return {
    subnetNo: ctx.no,
    vpcNo: String(parent?.['vpcNo'] ?? ''),
    zoneCode: ctx.zoneCode,
    subnetName: `sbn-${shortRegion(ctx)}-${pad(ctx.index)}`,
    subnet: cidr,
    subnetStatus: code('RUN', 'run'),
    createDate: ncpDate(ctx.no, ctx.index),
    subnetType: code(ctx.index % 2 === 0 ? 'PUBLIC' : 'PRIVATE', 'Subnet type'),
    usageType: code('GEN', 'General'),
    networkAclNo: String(Number(ctx.no) + 300_000),
  };
}

export function natGateway(ctx: ItemContext): Record<string, unknown> {
  const parent = relatedAt(ctx, 'vpc');
  return {
    natGatewayInstanceNo: ctx.no,
    natGatewayName: `nat-${shortRegion(ctx)}-${pad(ctx.index)}`,
    publicIp: `49.50.${1 + (ctx.index % 250)}.${1 + Math.floor(hash01(ctx.no) * 250)}`,
    natGatewayInstanceStatus: code('RUN', 'run'),
    natGatewayInstanceStatusName: 'run',
    natGatewayInstanceOperation: code('NULL', 'NULL OP'),
    createDate: ncpDate(ctx.no, ctx.index),
    natGatewayDescription: '',
    vpcNo: String(parent?.['vpcNo'] ?? ''),
    vpcName: String(parent?.['vpcName'] ?? ''),
    zoneCode: ctx.zoneCode,
    regionCode: ctx.region.regionCode,
  };
}
