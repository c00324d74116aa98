import { readFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { Expect, type TextChannel } from './expect.ts';
import type { Device } from './options.ts';
import { parseInterfaceStatus } from './parse.ts';
import { TelnetStream } from './telnet.ts';
import type { Poll, PortState } from './types.ts';

/**
 * Reads `show interface status` over SSH or telnet, directly or through a jump server, and turns
 * it into a Poll. Everything opened is closed when the poll ends or its signal aborts.
 */

type Cli = NonNullable<Device['cli']>;
type Hop = NonNullable<Cli['jump']>;
interface Login {
  username: string;
  password?: string | undefined;
  privateKeyFile?: string | undefined;
  passphrase?: string | undefined;
}

/** A hostname followed by > or # (or a shell's $), at the end of the output. */
const DEVICE_PROMPT = /(?:^|[\r\n])[\w.\-/()@:~]+[>#] ?$/;
const SHELL_PROMPT = /(?:^|[\r\n])[^\r\n]*[>#$%] ?$/;
const USERNAME = /(?:user ?name|login)\s*:\s*$/i;
const PASSWORD = /password\s*:\s*$/i;
const MORE = /\s*--More--\s*$/;
const UP_STATUSES = new Set(['connected', 'monitoring', 'up']);

class Resources {
  private closers: Array<() => void> = [];
  add(close: () => void): void {
    this.closers.push(close);
  }
  closeAll(): void {
    for (const close of this.closers.reverse()) {
      try {
        close();
      } catch {
        // already gone
      }
    }
    this.closers = [];
  }
}

function tcp(host: string, port: number, signal: AbortSignal, res: Resources): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    res.add(() => socket.destroy());
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

async function sshClient(
  login: Login,
  target: { host: string; port: number; sock?: Duplex },
  signal: AbortSignal,
  res: Resources,
): Promise<Client> {
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: login.username,
    readyTimeout: 60_000,
    tryKeyboard: login.password !== undefined,
    ...(target.sock ? { sock: target.sock } : {}),
    ...(login.password === undefined ? {} : { password: login.password }),
    ...(login.privateKeyFile === undefined ? {} : { privateKey: await readFile(login.privateKeyFile) }),
    ...(login.passphrase === undefined ? {} : { passphrase: login.passphrase }),
  };
  return new Promise((resolve, reject) => {
    const client = new Client();
    res.add(() => client.end());
    client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) =>
      finish(prompts.map(() => login.password ?? '')),
    );
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.on('error', () => {});
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    client.connect(config);
  });
}

function shell(client: Client): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    client.shell({ term: 'vt100', cols: 200, rows: 48 }, (err, channel) =>
      err ? reject(err) : resolve(channel),
    ),
  );
}

function forward(client: Client, host: string, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    client.forwardOut('127.0.0.1', 0, host, port, (err, channel) => (err ? reject(err) : resolve(channel))),
  );
}

/** Answers username/password questions until the prompt shows. */
async function telnetLogin(session: Expect, login: Login, prompt: RegExp): Promise<void> {
  for (let step = 0; step < 6; step++) {
    const { index, text } = await session.wait(prompt, USERNAME, PASSWORD);
    if (
      /(?:connection refused|unable to connect|timed out|unreachable|unknown host|closed by foreign)/i.test(
        text,
      )
    ) {
      throw new Error(`cannot connect onward: ${text.trim().split(/\r?\n/).at(-2) ?? text.trim()}`);
    }
    if (index === 0) return;
    if (/(?:login incorrect|authentication failed|% bad)/i.test(text)) {
      throw new Error('telnet login failed');
    }
    if (index === 1) session.send(login.username);
    else if (step > 2) throw new Error('telnet login failed');
    else session.send(login.password ?? '');
  }
  throw new Error('telnet login failed');
}

function promptOf(source: string | undefined, fallback: RegExp): RegExp {
  return source ? new RegExp(source) : fallback;
}

/** Opens the device session and leaves it at the device prompt. */
async function openSession(device: Device, signal: AbortSignal, res: Resources): Promise<Expect> {
  const cli = device.cli!;
  const port = device.port ?? (device.method === 'ssh' ? 22 : 23);
  const prompt = promptOf(cli.prompt, DEVICE_PROMPT);
  const jump: Hop | undefined = cli.jump;

  if (jump?.method === 'telnet') {
    // The old network_checker: log in to the jump server, then telnet onward from there.
    const raw = await tcp(jump.host, jump.port ?? 23, signal, res);
    const session = new Expect(new TelnetStream(raw) as unknown as TextChannel, signal);
    await telnetLogin(session, jump, promptOf(jump.prompt, SHELL_PROMPT));
    session.send(`telnet ${device.host} ${port}`);
    await telnetLogin(session, cli, prompt);
    return session;
  }

  let sock: Duplex | undefined;
  if (jump?.method === 'ssh') {
    const jumpClient = await sshClient(jump, { host: jump.host, port: jump.port ?? 22 }, signal, res);
    sock = await forward(jumpClient, device.host, port);
  }
  if (device.method === 'ssh') {
    const client = await sshClient(cli, { host: device.host, port, ...(sock ? { sock } : {}) }, signal, res);
    const channel = await shell(client);
    res.add(() => channel.destroy());
    const session = new Expect(channel as unknown as TextChannel, signal);
    await session.wait(prompt);
    return session;
  }
  const raw = sock ?? (await tcp(device.host, port, signal, res));
  const session = new Expect(new TelnetStream(raw) as unknown as TextChannel, signal);
  await telnetLogin(session, cli, prompt);
  return session;
}

/** Runs one command and returns its output, paging through --More-- if paging is still on. */
async function run(session: Expect, command: string, prompt: RegExp): Promise<string> {
  session.send(command);
  let output = '';
  for (;;) {
    const { index, text } = await session.wait(prompt, MORE);
    output += text;
    if (index === 0) return output;
    session.channel.write(' ');
  }
}

/** The raw `show interface status` text of a device. */
export async function readInterfaceStatus(device: Device, signal: AbortSignal): Promise<string> {
  const cli = device.cli!;
  const res = new Resources();
  try {
    const session = await openSession(device, signal, res);
    const prompt = promptOf(cli.prompt, DEVICE_PROMPT);
    await run(session, `terminal length ${cli.terminalLength}`, prompt);
    const output = await run(session, cli.command, prompt);
    session.send('exit');
    if (cli.jump) session.send('exit');
    return output;
  } finally {
    res.closeAll();
  }
}

export async function pollCli(device: Device, signal: AbortSignal): Promise<Poll> {
  const output = await readInterfaceStatus(device, signal);
  const rows = parseInterfaceStatus(output);
  if (!rows.length) throw new Error(`no interfaces in the output of "${device.cli!.command}"`);
  const ports: Record<string, PortState> = {};
  for (const r of rows) {
    ports[r.port] = {
      status: r.status,
      up: UP_STATUSES.has(r.status),
      ...(r.name ? { name: r.name } : {}),
      vlan: r.vlan,
      // `a-` only says the value was negotiated; 1000 is 1000.
      duplex: r.duplex.replace(/^a-/, ''),
      speed: r.speed.replace(/^a-/, ''),
      ...(r.type ? { type: r.type } : {}),
    };
  }
  return { ports };
}
