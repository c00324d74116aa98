import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CiscoCli, DEFAULT_CLI_USER, startCiscoCli } from '../../sandbox/network/cisco-cli.ts';
import { gigabitPorts } from '../../sandbox/network/model.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import app from './index.ts';
import { TelnetStream } from './telnet.ts';

/** The app against the Cisco-like CLI emulator over real SSH and telnet sockets. */

let cli: CiscoCli;
let tmp: string;
let keyFile: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'netcheck-cli-'));
  const key = utils.generateKeyPairSync('ed25519');
  keyFile = path.join(tmp, 'id_ed25519');
  await writeFile(keyFile, key.private, { mode: 0o600 });
  cli = await startCiscoCli({
    devices: [
      { name: 'sw1', ports: gigabitPorts(8) },
      { name: 'sw2', ports: gigabitPorts(4) },
      { name: 'jump', ports: [] },
    ],
    users: [DEFAULT_CLI_USER, { username: 'netops', authorizedKeys: [key.public] }],
  });
});
afterAll(async () => {
  await cli?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const creds = { username: 'admin', password: 'cisco' };
const titles = (sent: Array<{ message: unknown }>) => sent.map((s) => (s.message as PortableMessage).title);

function checker(devices: unknown[]) {
  return createTestApp(app, { options: { devices, target: 'ops', timeoutMs: 5000 } });
}

/** First run records, then a port goes down and comes back: exactly those two alerts. */
async function downAndUp(device: Record<string, unknown>, model = 'sw1', port = 'Gi1/0/3') {
  const t = checker([device]);
  await t.run();
  expect(t.sent).toEqual([]);
  const state = t.state.get(`device:${device.name}`) as { ports: Record<string, { up: boolean }> };
  expect(Object.keys(state.ports)).toHaveLength(cli.device(model).model.ports.length);
  cli.device(model).model.setUp(port, false);
  await t.run();
  cli.device(model).model.setUp(port, true);
  await t.run();
  expect(titles(t.sent)).toEqual([`${device.name} ${port} down`, `${device.name} ${port} up`]);
  return t;
}

describe('network-checker over the Cisco CLI (emulated)', () => {
  it('SSH with a password', async () => {
    const d = cli.device('sw1');
    const t = await downAndUp({ name: 'sw1', host: d.host, port: d.sshPort, method: 'ssh', cli: creds });
    const up = t.sent[1]!.message as PortableMessage;
    expect(up.fields).toContainEqual({ name: 'Speed / duplex', value: '1000 / full', inline: true });
  });

  it('SSH with a private key', async () => {
    const d = cli.device('sw2');
    await downAndUp(
      {
        name: 'sw2',
        host: d.host,
        port: d.sshPort,
        method: 'ssh',
        cli: { username: 'netops', privateKeyFile: keyFile },
      },
      'sw2',
      'Gi1/0/4',
    );
  });

  it('telnet, with paging left on (terminal length 4 → --More--)', async () => {
    const d = cli.device('sw1');
    await downAndUp({
      name: 'sw1-telnet',
      host: d.host,
      port: d.telnetPort,
      method: 'telnet',
      cli: { ...creds, terminalLength: 4 },
    });
  });

  it('SSH through an SSH jump server (direct-tcpip)', async () => {
    const d = cli.device('sw1');
    const jump = cli.device('jump');
    await downAndUp({
      name: 'sw1-via-ssh-jump',
      host: d.host,
      port: d.sshPort,
      method: 'ssh',
      cli: { ...creds, jump: { host: jump.host, port: jump.sshPort, method: 'ssh', ...creds } },
    });
  });

  it('telnet through a telnet jump server (`telnet <device>` from the jump prompt)', async () => {
    const d = cli.device('sw1');
    const jump = cli.device('jump');
    await downAndUp({
      name: 'sw1-via-telnet-jump',
      host: d.host,
      port: d.telnetPort,
      method: 'telnet',
      cli: { ...creds, jump: { host: jump.host, port: jump.telnetPort, method: 'telnet', ...creds } },
    });
  });

  it('a wrong password or a dead device behind the jump server is unreachable', async () => {
    const d = cli.device('sw1');
    const jump = cli.device('jump');
    const t = checker([
      {
        name: 'bad-pass',
        host: d.host,
        port: d.telnetPort,
        method: 'telnet',
        cli: { ...creds, password: 'nope' },
      },
      {
        name: 'behind-jump',
        host: '127.0.0.1',
        port: 1,
        method: 'telnet',
        cli: { ...creds, jump: { host: jump.host, port: jump.telnetPort, method: 'telnet', ...creds } },
      },
    ]);
    await t.run();
    expect(titles(t.sent).sort()).toEqual(['bad-pass unreachable', 'behind-jump unreachable']);
    const texts = t.sent.map((s) => (s.message as PortableMessage).text).sort();
    expect(texts[0]).toContain('telnet login failed');
    expect(texts[1]).toContain('cannot connect onward');
  });
});

describe('TelnetStream', () => {
  it('refuses every option and passes the text through', async () => {
    const replies: Buffer[] = [];
    const server = createServer((socket) => {
      socket.on('data', (d) => replies.push(d));
      // DO TERMINAL-TYPE, WILL ECHO, a subnegotiation, then text with an escaped 0xFF.
      socket.write(Buffer.from([255, 253, 24, 255, 251, 1, 255, 250, 24, 1, 255, 240]));
      socket.write(Buffer.concat([Buffer.from('Username: '), Buffer.from([255, 255])]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const stream = new TelnetStream(tcpConnect(port, '127.0.0.1'));
    const text: Buffer[] = [];
    stream.on('data', (d: Buffer) => text.push(d));
    await new Promise((r) => setTimeout(r, 200));
    stream.destroy();
    server.close();
    expect(Buffer.concat(replies)).toEqual(Buffer.from([255, 252, 24, 255, 254, 1]));
    expect(Buffer.concat(text)).toEqual(Buffer.concat([Buffer.from('Username: '), Buffer.from([255])]));
  });
});
