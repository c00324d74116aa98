import { createRequire } from 'node:module';
import type { Device } from './options.ts';
import type { Poll, PortState } from './types.ts';

/** Polls IF-MIB (and EtherLike-MIB duplex, sysUpTime) with net-snmp, v2c or v3. */

type Callback<T> = (error: Error | null, value: T) => void;
type Row = Record<string, unknown>;
interface Session {
  get(oids: string[], cb: Callback<Array<{ oid: string; type: number; value: unknown }>>): void;
  tableColumns(
    oid: string,
    columns: number[],
    maxRepetitions: number,
    cb: Callback<Record<string, Row>>,
  ): void;
  close(): void;
  on(event: 'error', listener: (err: Error) => void): void;
}
interface NetSnmp {
  Version2c: number;
  Version3: number;
  SecurityLevel: Record<'noAuthNoPriv' | 'authNoPriv' | 'authPriv', number>;
  AuthProtocols: Record<string, number>;
  PrivProtocols: Record<string, number>;
  isVarbindError(varbind: unknown): boolean;
  varbindError(varbind: unknown): string;
  createSession(target: string, community: string, options: object): Session;
  createV3Session(target: string, user: object, options: object): Session;
}
const snmp = createRequire(import.meta.url)('net-snmp') as NetSnmp;

const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const IF_TABLE = '1.3.6.1.2.1.2.2';
const IF_X_TABLE = '1.3.6.1.2.1.31.1.1';
const DOT3_STATS = '1.3.6.1.2.1.10.7.2';
// ifTable columns
const IF_DESCR = 2;
const IF_SPEED = 5;
const IF_ADMIN = 7;
const IF_OPER = 8;
// ifXTable columns
const IF_NAME = 1;
const IF_HIGH_SPEED = 15;
const IF_ALIAS = 18;
const DOT3_DUPLEX = 19;

const OPER_WORDS: Record<number, string> = {
  1: 'connected',
  2: 'notconnect',
  3: 'testing',
  4: 'unknown',
  5: 'dormant',
  6: 'notPresent',
  7: 'notconnect', // lowerLayerDown
};
const DUPLEX_WORDS: Record<number, string> = { 2: 'half', 3: 'full' };

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Mbps to Cisco's words: 100, 1000, 10G, 2.5G. */
export function speedWord(mbps: number): string {
  if (mbps >= 1000 && mbps % 1000 === 0 && mbps !== 1000) return `${mbps / 1000}G`;
  if (mbps > 1000 && mbps % 100 === 0) return `${mbps / 1000}G`;
  return String(mbps);
}

function openSession(device: Device): Session {
  const o = device.snmp ?? {
    version: '2c' as const,
    community: 'public',
    authProtocol: 'sha' as const,
    privProtocol: 'aes' as const,
    retries: 1,
  };
  const timeout = device.timeoutMs ? Math.max(200, Math.floor(device.timeoutMs / (o.retries + 1))) : 3000;
  const common = { port: device.port ?? 161, retries: o.retries, timeout, backoff: 1 };
  if (o.version === '2c') {
    return snmp.createSession(device.host, o.community, { ...common, version: snmp.Version2c });
  }
  const level =
    o.privKey !== undefined ? 'authPriv' : o.authKey !== undefined ? 'authNoPriv' : 'noAuthNoPriv';
  const user = {
    name: o.user,
    level: snmp.SecurityLevel[level],
    ...(o.authKey === undefined
      ? {}
      : { authProtocol: snmp.AuthProtocols[o.authProtocol], authKey: o.authKey }),
    ...(o.privKey === undefined
      ? {}
      : { privProtocol: snmp.PrivProtocols[o.privProtocol], privKey: o.privKey }),
  };
  return snmp.createV3Session(device.host, user, { ...common, version: snmp.Version3 });
}

function columns(session: Session, oid: string, cols: number[]): Promise<Record<string, Row>> {
  return new Promise((resolve, reject) =>
    session.tableColumns(oid, cols, 20, (err, table) => (err ? reject(err) : resolve(table ?? {}))),
  );
}

function uptime(session: Session): Promise<number | undefined> {
  return new Promise((resolve, reject) =>
    session.get([SYS_UPTIME], (err, varbinds) => {
      if (err) return reject(err);
      const vb = varbinds[0];
      resolve(vb && !snmp.isVarbindError(vb) ? num(vb.value) : undefined);
    }),
  );
}

export async function pollSnmp(device: Device, signal: AbortSignal): Promise<Poll> {
  const session = openSession(device);
  session.on('error', () => {});
  const close = () => session.close();
  signal.addEventListener('abort', close, { once: true });
  try {
    // sysUpTime first: a dead agent fails here, after one timeout, instead of once per table.
    const uptimeTicks = await uptime(session);
    const ifTable = await columns(session, IF_TABLE, [IF_DESCR, IF_SPEED, IF_ADMIN, IF_OPER]);
    const optional = (oid: string, cols: number[]) => columns(session, oid, cols).catch(() => ({}));
    const ifX: Record<string, Row> = await optional(IF_X_TABLE, [IF_NAME, IF_HIGH_SPEED, IF_ALIAS]);
    const dot3: Record<string, Row> = await optional(DOT3_STATS, [DOT3_DUPLEX]);
    const ports: Record<string, PortState> = {};
    for (const [index, row] of Object.entries(ifTable)) {
      const x = ifX[index] ?? {};
      const name = text(x[IF_NAME]) || text(row[IF_DESCR]) || `if${index}`;
      const admin = num(row[IF_ADMIN]);
      const oper = num(row[IF_OPER]);
      const status = admin === 2 ? 'disabled' : (OPER_WORDS[oper ?? 4] ?? 'unknown');
      const high = num(x[IF_HIGH_SPEED]);
      const low = num(row[IF_SPEED]);
      const mbps =
        high !== undefined && high > 0 ? high : low !== undefined ? Math.round(low / 1e6) : undefined;
      const duplex = DUPLEX_WORDS[num(dot3[index]?.[DOT3_DUPLEX]) ?? 0];
      const alias = text(x[IF_ALIAS]);
      ports[name] = {
        status,
        up: admin !== 2 && oper === 1,
        ...(alias ? { name: alias } : {}),
        ...(mbps === undefined ? {} : { speed: speedWord(mbps) }),
        ...(duplex ? { duplex } : {}),
      };
    }
    return { ports, ...(uptimeTicks === undefined ? {} : { uptimeTicks }) };
  } finally {
    signal.removeEventListener('abort', close);
    try {
      session.close();
    } catch {
      // already closed by the abort
    }
  }
}
