import { createSocket, type Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import { type DeviceSpec, VirtualDevice } from './model.ts';

/**
 * SNMP agents for virtual switches: one net-snmp agent per device on its own UDP port of
 * 127.0.0.1, answering v2c (community `public`) and v3 (user `opsbot`, SHA/AES) with sysDescr,
 * sysUpTime, sysName, ifTable, ifXTable and the EtherLike-MIB duplex column. Sockets are bound
 * before the agent gets them, so port 0 (any free port) works and hundreds of devices start fast.
 */

// biome-ignore lint/suspicious/noExplicitAny: net-snmp ships no types; only the agent side is used
type Any = any;
const snmp = createRequire(import.meta.url)('net-snmp') as Any;

export const SNMP_COMMUNITY = 'public';
export const SNMP_V3_USER = {
  user: 'opsbot',
  authProtocol: 'sha',
  authKey: 'opsbot-auth-key',
  privProtocol: 'aes',
  privKey: 'opsbot-priv-key',
} as const;

export interface SnmpAgentsOptions {
  devices: DeviceSpec[];
  /** First UDP port; device i gets basePort + i. Default: any free port per device. */
  basePort?: number;
  host?: string;
}

export interface SnmpDeviceHandle {
  name: string;
  host: string;
  port: number;
  model: VirtualDevice;
  running: boolean;
  setUp(port: string | number, up: boolean): void;
  /** Any port field: up, adminUp, speedMbps, duplex, vlan, alias. */
  update(port: string | number, changes: Parameters<VirtualDevice['update']>[1]): void;
  setSpeed(port: string | number, speedMbps: number): void;
  reboot(): void;
  /** Closes the agent's socket: the device stops answering. */
  stop(): Promise<void>;
  /** Answers again on the same port. */
  start(): Promise<void>;
}

export interface SnmpAgents {
  devices: SnmpDeviceHandle[];
  device(name: string): SnmpDeviceHandle;
  close(): Promise<void>;
}

const ro = () => snmp.MaxAccess['read-only'];

function buildMib(model: VirtualDevice): Any {
  const mib = snmp.createMib();
  const T = snmp.ObjectType;
  mib.registerProviders([
    {
      name: 'sysDescr',
      type: snmp.MibProviderType.Scalar,
      oid: '1.3.6.1.2.1.1.1',
      scalarType: T.OctetString,
      maxAccess: ro(),
    },
    {
      name: 'sysUpTime',
      type: snmp.MibProviderType.Scalar,
      oid: '1.3.6.1.2.1.1.3',
      scalarType: T.TimeTicks,
      maxAccess: ro(),
      handler: (req: Any) => {
        req.instanceNode.value = model.uptimeTicks();
        req.done();
      },
    },
    {
      name: 'sysName',
      type: snmp.MibProviderType.Scalar,
      oid: '1.3.6.1.2.1.1.5',
      scalarType: T.OctetString,
      maxAccess: ro(),
    },
    {
      name: 'ifTable',
      type: snmp.MibProviderType.Table,
      oid: '1.3.6.1.2.1.2.2.1',
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'ifIndex', type: T.Integer, maxAccess: ro() },
        { number: 2, name: 'ifDescr', type: T.OctetString, maxAccess: ro() },
        { number: 3, name: 'ifType', type: T.Integer, maxAccess: ro() },
        { number: 5, name: 'ifSpeed', type: T.Gauge, maxAccess: ro() },
        { number: 7, name: 'ifAdminStatus', type: T.Integer, maxAccess: ro() },
        { number: 8, name: 'ifOperStatus', type: T.Integer, maxAccess: ro() },
      ],
      tableIndex: [{ columnName: 'ifIndex' }],
    },
    {
      name: 'ifXTable',
      type: snmp.MibProviderType.Table,
      oid: '1.3.6.1.2.1.31.1.1.1',
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'ifName', type: T.OctetString, maxAccess: ro() },
        { number: 15, name: 'ifHighSpeed', type: T.Gauge, maxAccess: ro() },
        { number: 18, name: 'ifAlias', type: T.OctetString, maxAccess: ro() },
      ],
      tableAugments: 'ifTable',
    },
    {
      name: 'dot3StatsTable',
      type: snmp.MibProviderType.Table,
      oid: '1.3.6.1.2.1.10.7.2.1',
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'dot3StatsIndex', type: T.Integer, maxAccess: ro() },
        { number: 19, name: 'dot3StatsDuplexStatus', type: T.Integer, maxAccess: ro() },
      ],
      tableIndex: [{ columnName: 'dot3StatsIndex' }],
    },
  ]);
  mib.setScalarValue('sysDescr', `Cisco IOS Software, emulated switch ${model.name}`);
  mib.setScalarValue('sysUpTime', model.uptimeTicks());
  mib.setScalarValue('sysName', model.name);
  for (const p of model.ports) {
    const v = values(model, p.index);
    mib.addTableRow('ifTable', [p.index, p.name, 6, v.ifSpeed, v.admin, v.oper]);
    mib.addTableRow('ifXTable', [p.index, p.name, v.high, p.alias]);
    mib.addTableRow('dot3StatsTable', [p.index, v.duplex]);
  }
  return mib;
}

function values(model: VirtualDevice, index: number) {
  const p = model.port(index);
  return {
    ifSpeed: Math.min(p.speedMbps * 1e6, 4_294_967_295),
    high: p.speedMbps,
    admin: p.adminUp ? 1 : 2,
    oper: p.adminUp && p.up ? 1 : 2,
    duplex: p.duplex === 'full' ? 3 : 2,
  };
}

function bind(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

async function startAgent(mib: Any, port: number, host: string): Promise<{ agent: Any; port: number }> {
  const socket = await bind(port, host);
  // The agent binds whatever createSocket gives it: hand over the bound socket, make bind a no-op.
  (socket as Any).bind = () => socket;
  const agent = snmp.createAgent(
    { port: socket.address().port, address: host, dgramModule: { createSocket: () => socket } },
    () => {},
    mib,
  );
  const authorizer = agent.getAuthorizer();
  authorizer.addCommunity(SNMP_COMMUNITY);
  authorizer.addUser({
    name: SNMP_V3_USER.user,
    level: snmp.SecurityLevel.authPriv,
    authProtocol: snmp.AuthProtocols[SNMP_V3_USER.authProtocol],
    authKey: SNMP_V3_USER.authKey,
    privProtocol: snmp.PrivProtocols[SNMP_V3_USER.privProtocol],
    privKey: SNMP_V3_USER.privKey,
  });
  return { agent, port: socket.address().port };
}

function closeAgent(agent: Any): Promise<void> {
  return new Promise((resolve) => {
    const sockets = Object.keys(agent.listener.sockets ?? {}).length;
    if (!sockets) return resolve();
    let left = sockets;
    agent.close(() => {
      left -= 1;
      if (left === 0) resolve();
    });
  });
}

export async function startSnmpAgents(options: SnmpAgentsOptions): Promise<SnmpAgents> {
  const host = options.host ?? '127.0.0.1';
  const handles = await Promise.all(
    options.devices.map(async (spec, i) => {
      const model = new VirtualDevice(spec);
      const mib = buildMib(model);
      const sync = (index: number) => {
        const v = values(model, index);
        mib.setTableSingleCell('ifTable', 5, [index], v.ifSpeed);
        mib.setTableSingleCell('ifTable', 7, [index], v.admin);
        mib.setTableSingleCell('ifTable', 8, [index], v.oper);
        mib.setTableSingleCell('ifXTable', 15, [index], v.high);
        mib.setTableSingleCell('ifXTable', 18, [index], model.port(index).alias);
        mib.setTableSingleCell('dot3StatsTable', 19, [index], v.duplex);
      };
      model.on('change', (p: { index: number }) => sync(p.index));
      let { agent, port } = await startAgent(mib, options.basePort ? options.basePort + i : 0, host);
      const handle: SnmpDeviceHandle = {
        name: spec.name,
        host,
        port,
        model,
        running: true,
        setUp: (ref, up) => model.setUp(ref, up),
        update: (ref, changes) => model.update(ref, changes),
        setSpeed: (ref, mbps) => model.setSpeed(ref, mbps),
        reboot: () => model.reboot(),
        stop: async () => {
          if (!handle.running) return;
          handle.running = false;
          await closeAgent(agent);
        },
        start: async () => {
          if (handle.running) return;
          ({ agent, port } = await startAgent(mib, handle.port, host));
          handle.running = true;
        },
      };
      return handle;
    }),
  );
  const byName = new Map(handles.map((h) => [h.name, h]));
  return {
    devices: handles,
    device(name) {
      const h = byName.get(name);
      if (!h) throw new Error(`no emulated device ${name}`);
      return h;
    },
    close: async () => {
      await Promise.all(handles.map((h) => h.stop()));
    },
  };
}
