import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import app from './index.ts';
import { device as deviceSchema } from './options.ts';
import { pollSnmp } from './snmp.ts';

/**
 * The app against the real Net-SNMP agent (Debian snmpd) in a network namespace. A veth pair
 * (10.200.0.1/30 here, 10.200.0.2/30 inside) carries SNMP; a second veth pair is the "cable":
 * its inside end is a port of the namespace, and setting the outside end down/up takes that
 * port's link down/up, as unplugging would. Needs root, iproute2 and snmpd (`make test` installs
 * them); without them the suite fails saying what is missing.
 */

const SNMPD = '/usr/sbin/snmpd';
const id = process.pid % 100_000;
const NS = `opsbot-nc-${id}`;
const HOST_END = `ncm${id}h`;
const NS_END = `ncm${id}n`;
const CABLE_OUT = `nct${id}o`;
const CABLE_IN = `nct${id}i`;
const AGENT = '10.200.0.2';
const AGENT_PORT = 1161;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}
function nsIp(...args: string[]): void {
  ip('netns', 'exec', NS, 'ip', ...args);
}

/** Throws saying what this machine lacks; the suite fails rather than skip. */
function requireTools(): void {
  if (process.getuid?.() !== 0)
    throw new Error('needs root to make a network namespace: run make test as root');
  if (!existsSync(SNMPD))
    throw new Error(`${SNMPD} is missing: run make test (it installs snmpd) or apt-get install snmpd`);
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`\`ip netns\` is unavailable (apt-get install iproute2): ${String(err)}`);
  }
}

let tmp: string;
let snmpd: ChildProcess | undefined;
let log = '';

const device = deviceSchema.parse({
  name: 'ns-sw',
  host: AGENT,
  port: AGENT_PORT,
  method: 'snmp',
  timeoutMs: 2000,
});

async function waitForAgent(): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      await pollSnmp(device, new AbortController().signal);
      return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`snmpd did not answer: ${String(err)}\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

beforeAll(async () => {
  requireTools();
  tmp = await mkdtemp(path.join(tmpdir(), 'netcheck-snmpd-'));
  ip('netns', 'add', NS);
  ip('link', 'add', HOST_END, 'type', 'veth', 'peer', 'name', NS_END);
  ip('link', 'set', NS_END, 'netns', NS);
  ip('addr', 'add', '10.200.0.1/30', 'dev', HOST_END);
  ip('link', 'set', HOST_END, 'up');
  nsIp('link', 'set', 'lo', 'up');
  nsIp('addr', 'add', `${AGENT}/30`, 'dev', NS_END);
  nsIp('link', 'set', NS_END, 'up');
  ip('link', 'add', CABLE_OUT, 'type', 'veth', 'peer', 'name', CABLE_IN);
  ip('link', 'set', CABLE_IN, 'netns', NS);
  ip('link', 'set', CABLE_OUT, 'up');
  nsIp('link', 'set', CABLE_IN, 'up');

  const config = path.join(tmp, 'snmpd.conf');
  await writeFile(config, `rocommunity public default\nagentaddress udp:${AGENT}:${AGENT_PORT}\n`);
  snmpd = spawn(
    'ip',
    // The listening address comes from the config only: giving it on the command line as well
    // makes snmpd bind it twice and fail ("Error opening specified endpoint"). -m '': no MIB files.
    [
      'netns',
      'exec',
      NS,
      SNMPD,
      '-f',
      '-Lo',
      '-C',
      '-c',
      config,
      '-m',
      '',
      '-p',
      path.join(tmp, 'snmpd.pid'),
    ],
    { env: { ...process.env, SNMP_PERSISTENT_DIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  snmpd.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  snmpd.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitForAgent();
}, 30_000);

afterAll(async () => {
  if (snmpd && snmpd.exitCode === null) {
    const exited = new Promise((r) => snmpd!.once('exit', r));
    snmpd.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (snmpd.exitCode === null) snmpd.kill('SIGKILL');
  }
  for (const args of [
    ['link', 'del', CABLE_OUT],
    ['link', 'del', HOST_END],
    ['netns', 'del', NS],
  ]) {
    try {
      ip(...args);
    } catch {
      // already gone with the namespace
    }
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const titles = (sent: Array<{ message: unknown }>) => sent.map((s) => (s.message as PortableMessage).title);

/** Runs the app once a second until it has sent `count` alerts in all (snmpd caches ifTable briefly). */
async function runUntil(t: ReturnType<typeof createTestApp>, count: number): Promise<void> {
  const until = Date.now() + 20_000;
  while (t.sent.length < count && Date.now() < until) {
    await t.run();
    if (t.sent.length < count) await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('real snmpd in a network namespace', () => {
  it('sees the namespace interfaces, then exactly the down and up of the unplugged one', async () => {
    const t = createTestApp(app, { options: { devices: [device], target: 'noc' } });
    await t.run();
    expect(t.sent).toEqual([]);
    const ports = (t.state.get('device:ns-sw') as { ports: Record<string, { up: boolean; status: string }> })
      .ports;
    expect(ports[CABLE_IN]).toMatchObject({ up: true, status: 'connected' });
    expect(ports[NS_END]).toMatchObject({ up: true });
    expect(ports.lo).toBeDefined();

    ip('link', 'set', CABLE_OUT, 'down');
    await runUntil(t, 1);
    expect(titles(t.sent)).toEqual([`ns-sw ${CABLE_IN} down`]);
    expect((t.sent[0]!.message as PortableMessage).text).toBe(
      `${CABLE_IN} on ns-sw went down (connected → notconnect).`,
    );

    ip('link', 'set', CABLE_OUT, 'up');
    await runUntil(t, 2);
    expect(titles(t.sent)).toEqual([`ns-sw ${CABLE_IN} down`, `ns-sw ${CABLE_IN} up`]);
    // And nothing else afterwards.
    await t.run();
    expect(t.sent).toHaveLength(2);
  }, 60_000);

  it('a stopped snmpd makes the device unreachable', async () => {
    const t = createTestApp(app, { options: { devices: [{ ...device, timeoutMs: 800 }], target: 'noc' } });
    await t.run();
    snmpd!.kill('SIGSTOP');
    try {
      await t.run();
      expect(titles(t.sent)).toEqual(['ns-sw unreachable']);
    } finally {
      snmpd!.kill('SIGCONT');
    }
    await t.run();
    expect(titles(t.sent)).toEqual(['ns-sw unreachable', 'ns-sw reachable again']);
  }, 30_000);
});
