import { createServer, connect as tcpConnect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { Expect, type TextChannel } from '../../apps/network-checker/expect.ts';
import app from '../../apps/network-checker/index.ts';
import { device as deviceSchema } from '../../apps/network-checker/options.ts';
import { parseInterfaceStatus } from '../../apps/network-checker/parse.ts';
import { pollSnmp } from '../../apps/network-checker/snmp.ts';
import { TelnetStream } from '../../apps/network-checker/telnet.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import { startCiscoCli } from './cisco-cli.ts';
import { gigabitPorts } from './model.ts';
import { type SnmpAgents, startSnmpAgents } from './snmp-agents.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function telnetSession(port: number) {
  const controller = new AbortController();
  const socket = tcpConnect(port, '127.0.0.1');
  const session = new Expect(new TelnetStream(socket) as unknown as TextChannel, controller.signal);
  await session.wait(/Username: $/);
  session.send('admin');
  await session.wait(/Password: $/);
  session.send('cisco');
  await session.wait(/sw1>$/);
  return { session, close: () => socket.destroy() };
}

// Other tests running alongside take ephemeral ports (32768 and up), so a base is drawn below
// that range, and drawn again if something holds it anyway.
async function ciscoCliOnFixedPorts() {
  for (let attempt = 1; ; attempt++) {
    const free = 20_000 + Math.floor(Math.random() * 10_000);
    try {
      const devices = [
        { name: 'sw1', ports: gigabitPorts(2) },
        { name: 'sw2', ports: gigabitPorts(2) },
      ];
      return { cli: await startCiscoCli({ devices, basePort: free }), free };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw err;
    }
  }
}

describe('SNMP agents', () => {
  it('runs 500 devices on their own ports, all answering', async () => {
    const started = Date.now();
    const agents: SnmpAgents = await startSnmpAgents({
      devices: Array.from({ length: 500 }, (_, i) => ({ name: `sw${i + 1}`, ports: gigabitPorts(24) })),
    });
    cleanups.push(() => agents.close());
    expect(new Set(agents.devices.map((d) => d.port)).size).toBe(500);
    expect(Date.now() - started).toBeLessThan(15_000);

    const t = createTestApp(app, {
      options: {
        devices: agents.devices.map((d) => ({ name: d.name, host: d.host, port: d.port, method: 'snmp' })),
        concurrency: 50,
        target: 'noc',
      },
    });
    await t.run();
    expect(t.sent).toEqual([]);
    expect([...t.state.keys()].filter((k) => k.startsWith('device:'))).toHaveLength(500);
    agents.device('sw250').setUp('Gi1/0/24', false);
    await t.run();
    expect(t.sent.map((s) => (s.message as { title: string }).title)).toEqual(['sw250 Gi1/0/24 down']);
  }, 60_000);

  it('stops and starts a device on the same port', async () => {
    const agents = await startSnmpAgents({ devices: [{ name: 'solo', ports: gigabitPorts(2) }] });
    cleanups.push(() => agents.close());
    const handle = agents.device('solo');
    const d = deviceSchema.parse({
      name: 'solo',
      host: handle.host,
      port: handle.port,
      method: 'snmp',
      timeoutMs: 500,
    });
    await expect(pollSnmp(d, new AbortController().signal)).resolves.toBeDefined();
    await handle.stop();
    await expect(pollSnmp(d, new AbortController().signal)).rejects.toThrow();
    await handle.start();
    expect(handle.port).toBe(d.port);
    const poll = await pollSnmp(d, new AbortController().signal);
    expect(Object.keys(poll.ports)).toEqual(['Gi1/0/1', 'Gi1/0/2']);
    expect(poll.ports['Gi1/0/1']).toEqual({
      status: 'connected',
      up: true,
      name: 'uplink-core',
      speed: '1000',
      duplex: 'full',
    });
  });
});

describe('Cisco CLI emulator', () => {
  it('serves the same model the SNMP agent serves', async () => {
    const agents = await startSnmpAgents({ devices: [{ name: 'sw1', ports: gigabitPorts(3) }] });
    cleanups.push(() => agents.close());
    const cli = await startCiscoCli({ devices: agents.devices.map((d) => d.model), ssh: false });
    cleanups.push(() => cli.close());
    agents.device('sw1').setUp('Gi1/0/3', false);
    const { session, close } = await telnetSession(cli.device('sw1').telnetPort);
    session.send('terminal length 0');
    await session.wait(/sw1>$/);
    session.send('sh int status');
    const { text } = await session.wait(/sw1>$/);
    close();
    expect(text).toContain('Port      Name               Status       Vlan       Duplex  Speed Type');
    expect(text).toContain(
      'Gi1/0/1   uplink-core        connected    1          a-full a-1000 10/100/1000BaseTX',
    );
    expect(parseInterfaceStatus(text).map((r) => [r.port, r.status, r.speed])).toEqual([
      ['Gi1/0/1', 'connected', 'a-1000'],
      ['Gi1/0/2', 'connected', 'a-1000'],
      ['Gi1/0/3', 'notconnect', 'auto'],
    ]);
  });

  it('pages with --More--, rejects unknown commands, enables, and exits', async () => {
    const cli = await startCiscoCli({ devices: [{ name: 'sw1', ports: gigabitPorts(10) }], ssh: false });
    cleanups.push(() => cli.close());
    const { session, close } = await telnetSession(cli.device('sw1').telnetPort);
    session.send('terminal length 5');
    await session.wait(/sw1>$/);
    session.send('show interfaces status');
    const page1 = await session.wait(/ --More-- $/);
    expect(page1.text).toContain('Gi1/0/3 ');
    expect(page1.text).not.toContain('Gi1/0/4 ');
    session.channel.write('q');
    await session.wait(/sw1>$/);
    session.send('reload');
    expect((await session.wait(/sw1>$/)).text).toContain("% Invalid input detected at '^' marker.");
    session.send('enable');
    await session.wait(/sw1#$/);
    session.send('telnet 127.0.0.1 1');
    expect((await session.wait(/sw1#$/)).text).toContain('% Connection refused by remote host');
    session.send('exit');
    await expect(session.wait(/never/)).rejects.toThrow(/connection closed/);
    close();
  });

  it('listens on fixed ports from basePort: SSH then telnet per device', async () => {
    const { cli, free } = await ciscoCliOnFixedPorts();
    cleanups.push(() => cli.close());
    expect(cli.devices.map((d) => [d.name, d.sshPort - free, d.telnetPort - free])).toEqual([
      ['sw1', 0, 1],
      ['sw2', 2, 3],
    ]);
    const { session, close } = await telnetSession(free + 1);
    session.send('exit');
    close();
  });

  it('fails with EADDRINUSE on a taken basePort and leaves no other port listening', async () => {
    const { cli, free } = await ciscoCliOnFixedPorts();
    await cli.close();
    const holder = createServer();
    // sw2's SSH port is taken; sw1's two servers open before that fails and must close again.
    await new Promise<void>((resolve) => holder.listen(free + 2, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));
    const devices = [
      { name: 'sw1', ports: gigabitPorts(1) },
      { name: 'sw2', ports: gigabitPorts(1) },
    ];
    await expect(startCiscoCli({ devices, basePort: free })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const refused = await new Promise<string>((resolve) => {
      const socket = tcpConnect(free + 1, '127.0.0.1');
      socket.once('connect', () => resolve(String(socket.destroy() && 'connected')));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? ''));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses a wrong password three times, then hangs up', async () => {
    const cli = await startCiscoCli({ devices: [{ name: 'sw1', ports: gigabitPorts(1) }], ssh: false });
    cleanups.push(() => cli.close());
    const socket = tcpConnect(cli.device('sw1').telnetPort, '127.0.0.1');
    const session = new Expect(
      new TelnetStream(socket) as unknown as TextChannel,
      new AbortController().signal,
    );
    for (let i = 0; i < 3; i++) {
      await session.wait(/Username: $/);
      session.send('admin');
      await session.wait(/Password: $/);
      session.send('wrong');
    }
    await expect(session.wait(/Username: $/)).rejects.toThrow(/connection closed/);
  });
});
