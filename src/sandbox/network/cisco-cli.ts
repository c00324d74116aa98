import { timingSafeEqual } from 'node:crypto';
import { createServer, type Socket, type Server as TcpServer, connect as tcpConnect } from 'node:net';
import ssh2, { type AuthContext, type Connection } from 'ssh2';
import { CliSession } from './cli-session.ts';
import { type DeviceSpec, VirtualDevice } from './model.ts';

// ssh2 is CommonJS: Node's ESM loader sees only some of its names, so take them from the default export.
const { Server: SshServer, utils } = ssh2;
type SshServer = InstanceType<typeof SshServer>;

/**
 * Cisco-like CLI servers for virtual switches: per device one SSH server (ssh2, password and
 * public-key auth, shell + direct-tcpip forwarding so it can serve as an SSH jump host) and one
 * telnet server (plain TCP, option negotiation offered, "Username:"/"Password:" login), both on
 * 127.0.0.1 with any free port. Sessions are CliSession: `sw1>`, `terminal length N`,
 * `show interface status`, `telnet <host> [port]`, `exit`.
 */

export interface CliUser {
  username: string;
  password?: string;
  /** OpenSSH public key lines ("ssh-ed25519 AAAA…") accepted for this user. */
  authorizedKeys?: string[];
}

export interface CiscoCliOptions {
  /** Specs, or models shared with startSnmpAgents (`agents.devices[i].model`). */
  devices: Array<DeviceSpec | VirtualDevice>;
  users?: CliUser[];
  host?: string;
  ssh?: boolean;
  telnet?: boolean;
  /** First TCP port: device i gets SSH on basePort + 2i, telnet on + 2i + 1. Default: any free ports. */
  basePort?: number;
}

export interface CliDeviceHandle {
  name: string;
  host: string;
  sshPort: number;
  telnetPort: number;
  model: VirtualDevice;
}

export interface CiscoCli {
  devices: CliDeviceHandle[];
  device(name: string): CliDeviceHandle;
  close(): Promise<void>;
}

export const DEFAULT_CLI_USER: CliUser = { username: 'admin', password: 'cisco' };

const IAC = 255;
const WILL = 251;
const ECHO = 1;
const SGA = 3;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function listen(server: TcpServer | SshServer, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function checkAuth(users: CliUser[], ctx: AuthContext): boolean {
  const user = users.find((u) => u.username === ctx.username);
  if (!user) return false;
  if (ctx.method === 'password') return user.password !== undefined && same(ctx.password, user.password);
  if (ctx.method !== 'publickey') return false;
  for (const line of user.authorizedKeys ?? []) {
    const key = utils.parseKey(line);
    if (key instanceof Error) continue;
    if (key.type !== ctx.key.algo || !key.getPublicSSH().equals(ctx.key.data)) continue;
    if (!ctx.signature || !ctx.blob) return true;
    return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
  }
  return false;
}

function sshServer(
  device: VirtualDevice,
  users: CliUser[],
  hostKey: string,
  sockets: Set<Socket>,
  clients: Set<Connection>,
): SshServer {
  return new SshServer({ hostKeys: [hostKey] }, (client: Connection) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (checkAuth(users, ctx)) return ctx.accept();
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('window-change', (ok) => ok?.());
        session.on('shell', (ok) => {
          const channel = ok();
          const cli = new CliSession(device, {
            write: (t) => channel.write(t),
            end: () => {
              channel.exit(0);
              channel.end();
            },
          });
          channel.on('data', (d: Buffer) => cli.input(d));
          channel.on('close', () => cli.close());
          cli.prompt();
        });
      });
      // direct-tcpip: lets this device act as an SSH jump host.
      client.on('tcpip', (accept, reject, info) => {
        const onward = tcpConnect({ host: info.destIP, port: info.destPort });
        sockets.add(onward);
        onward.on('close', () => sockets.delete(onward));
        onward.once('error', () => reject?.());
        onward.once('connect', () => {
          const channel = accept();
          onward.pipe(channel).pipe(onward);
          channel.on('close', () => onward.destroy());
          onward.on('close', () => channel.close());
        });
      });
    });
  });
}

/** Drops telnet commands the client sends (its answers to our offers) and keeps the typed bytes. */
function stripIac(data: Buffer, state: { mode: number }): Buffer {
  const out: number[] = [];
  for (const b of data) {
    if (state.mode === 0) {
      if (b === IAC) state.mode = 1;
      else out.push(b);
    } else if (state.mode === 1) {
      if (b === IAC) {
        out.push(b);
        state.mode = 0;
      } else state.mode = b >= 251 && b <= 254 ? 2 : b === 250 ? 3 : 0;
    } else if (state.mode === 2) state.mode = 0;
    else if (state.mode === 3 && b === 240) state.mode = 0;
  }
  return Buffer.from(out);
}

function telnetServer(device: VirtualDevice, users: CliUser[], sockets: Set<Socket>): TcpServer {
  return createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(Buffer.from([IAC, WILL, ECHO, IAC, WILL, SGA]));
    socket.write('\r\n\r\nUser Access Verification\r\n\r\nUsername: ');
    const iac = { mode: 0 };
    let stage: 'user' | 'password' | 'cli' = 'user';
    let username = '';
    let line = '';
    let failures = 0;
    let cli: CliSession | null = null;
    socket.on('data', (raw: Buffer) => {
      const data = stripIac(raw, iac);
      if (cli) return cli.input(data);
      const text = data.toString('utf8');
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (ch !== '\r' && ch !== '\n') {
          if (ch >= ' ') {
            line += ch;
            if (stage === 'user') socket.write(ch);
          }
          continue;
        }
        if (ch === '\r' && (text[i + 1] === '\n' || text[i + 1] === '\0')) i++;
        socket.write('\r\n');
        if (stage === 'user') {
          username = line;
          stage = 'password';
          socket.write('Password: ');
        } else {
          const user = users.find((u) => u.username === username);
          if (user?.password !== undefined && same(line, user.password)) {
            stage = 'cli';
            cli = new CliSession(device, { write: (t) => socket.write(t), end: () => socket.end() });
            socket.write('\r\n');
            cli.prompt();
            const rest = text.slice(i + 1);
            if (rest) cli.input(Buffer.from(rest));
            line = '';
            return;
          }
          failures += 1;
          socket.write('% Login invalid\r\n\r\n');
          if (failures >= 3) return void socket.end();
          stage = 'user';
          socket.write('Username: ');
        }
        line = '';
      }
    });
  });
}

export async function startCiscoCli(options: CiscoCliOptions): Promise<CiscoCli> {
  const host = options.host ?? '127.0.0.1';
  const users = options.users ?? [DEFAULT_CLI_USER];
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  const servers: Array<TcpServer | SshServer> = [];
  const sockets = new Set<Socket>();
  const clients = new Set<Connection>();
  const closeAll = async () => {
    for (const s of sockets) s.destroy();
    for (const c of clients) c.end();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };
  const opening = Promise.all(
    options.devices.map(async (d, i) => {
      const at = (extra: number) => (options.basePort === undefined ? 0 : options.basePort + 2 * i + extra);
      const model = d instanceof VirtualDevice ? d : new VirtualDevice(d);
      let sshPort = 0;
      let telnetPort = 0;
      if (options.ssh !== false) {
        const server = sshServer(model, users, hostKey, sockets, clients);
        servers.push(server);
        sshPort = await listen(server, host, at(0));
      }
      if (options.telnet !== false) {
        const server = telnetServer(model, users, sockets);
        servers.push(server);
        telnetPort = await listen(server, host, at(1));
      }
      return { name: model.name, host, sshPort, telnetPort, model };
    }),
  );
  // A taken basePort must not leave the other devices' servers listening.
  const handles = await opening.catch(async (err: unknown) => {
    await closeAll();
    throw err;
  });
  const byName = new Map(handles.map((h) => [h.name, h]));
  return {
    devices: handles,
    device(name) {
      const h = byName.get(name);
      if (!h) throw new Error(`no emulated device ${name}`);
      return h;
    },
    close: closeAll,
  };
}
