import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gigabitPorts } from '../../sandbox/network/model.ts';
import { SNMP_V3_USER, type SnmpAgents, startSnmpAgents } from '../../sandbox/network/snmp-agents.ts';
import type { PortableMessage } from '../../sdk/index.ts';
import { createTestApp } from '../../sdk/testing/index.ts';
import app, { pollDevice } from './index.ts';
import { type Device, device as deviceSchema } from './options.ts';
import { pollAll } from './pool.ts';

/** The app against emulated SNMP agents on 127.0.0.1 over real UDP. */

let agents: SnmpAgents;

beforeAll(async () => {
  agents = await startSnmpAgents({
    devices: ['sw1', 'sw2', 'sw3', 'sw4', 'sw5', 'sw6', 'sw7'].map((name) => ({
      name,
      ports: gigabitPorts(8),
    })),
  });
});
afterAll(async () => {
  await agents?.close();
});

function snmpDevice(name: string, extra: Record<string, unknown> = {}) {
  const d = agents.device(name);
  return { name, host: d.host, port: d.port, method: 'snmp', timeoutMs: 1500, ...extra };
}

const V3 = {
  version: '3',
  user: SNMP_V3_USER.user,
  authKey: SNMP_V3_USER.authKey,
  privKey: SNMP_V3_USER.privKey,
};

function checker(devices: unknown[], extra: Record<string, unknown> = {}, now?: string) {
  return createTestApp(app, { options: { devices, target: 'ops', ...extra }, ...(now ? { now } : {}) });
}

const titles = (sent: Array<{ message: unknown }>) => sent.map((s) => (s.message as PortableMessage).title);

describe('network-checker over SNMP (emulated agents)', () => {
  it('v2c: the first poll records, then exactly one alert per port change', async () => {
    const t = checker([snmpDevice('sw1')]);
    await t.run();
    expect(t.sent).toEqual([]);
    expect(Object.keys((t.state.get('device:sw1') as { ports: object }).ports)).toHaveLength(8);

    agents.device('sw1').setUp('Gi1/0/2', false);
    await t.run();
    expect(titles(t.sent)).toEqual(['sw1 Gi1/0/2 down']);
    const message = t.sent[0]!.message as PortableMessage;
    expect(message.severity).toBe('error');
    expect(message.text).toBe('Gi1/0/2 on sw1 went down (connected → notconnect).');
    expect(t.sent[0]!.target).toBe('ops');

    await t.run();
    expect(t.sent).toHaveLength(1);

    agents.device('sw1').setUp('Gi1/0/2', true);
    agents.device('sw1').setSpeed('Gi1/0/1', 100);
    await t.run();
    expect(titles(t.sent.slice(1))).toEqual(['sw1 Gi1/0/1 speed changed', 'sw1 Gi1/0/2 up']);
    expect((t.sent[1]!.message as PortableMessage).text).toBe(
      'Gi1/0/1 (uplink-core) on sw1: speed 1000 → 100.',
    );
  });

  it('v3 (authPriv): polls and alerts the same way', async () => {
    const t = checker([snmpDevice('sw2', { snmp: V3 })]);
    await t.run();
    expect(t.sent).toEqual([]);
    agents.device('sw2').update('Gi1/0/5', { adminUp: false });
    await t.run();
    expect(titles(t.sent)).toEqual(['sw2 Gi1/0/5 down']);
    expect((t.sent[0]!.message as PortableMessage).text).toContain('(connected → disabled)');
    agents.device('sw2').update('Gi1/0/5', { adminUp: true });
  });

  it('v3 with a wrong key is a failed poll', async () => {
    const t = checker([snmpDevice('sw2', { snmp: { ...V3, authKey: 'not-the-key' }, timeoutMs: 800 })]);
    await t.run();
    expect(titles(t.sent)).toEqual(['sw2 unreachable']);
  });

  it('detects a reboot from sysUpTime', async () => {
    const t = checker([snmpDevice('sw3')]);
    await t.run();
    await new Promise((r) => setTimeout(r, 50));
    agents.device('sw3').reboot();
    await t.run();
    expect(titles(t.sent)).toEqual(['sw3 rebooted']);
  });

  it('a stopped agent is unreachable once, then recovered', async () => {
    const t = checker([snmpDevice('sw4', { timeoutMs: 600 })]);
    await t.run();
    await agents.device('sw4').stop();
    await t.run();
    await t.run();
    expect(titles(t.sent)).toEqual(['sw4 unreachable']);
    expect((t.sent[0]!.message as PortableMessage).severity).toBe('critical');
    await agents.device('sw4').start();
    await t.run();
    expect(titles(t.sent)).toEqual(['sw4 unreachable', 'sw4 reachable again']);
  });

  it('one dead device never delays the others; concurrency stays bounded', async () => {
    await agents.device('sw5').stop();
    try {
      const devices: Device[] = ['sw5', 'sw6', 'sw7', 'sw1', 'sw2', 'sw3'].map((n) =>
        deviceSchema.parse(snmpDevice(n, { timeoutMs: n === 'sw5' ? 2000 : 1500 })),
      );
      const started = Date.now();
      let running = 0;
      let peak = 0;
      const done: Record<string, number> = {};
      const results = await pollAll(
        devices,
        {
          concurrency: 2,
          timeoutMs: (d) => d.timeoutMs!,
          onSettled: (d) => {
            done[d.name] = Date.now() - started;
          },
        },
        async (d, signal) => {
          running += 1;
          peak = Math.max(peak, running);
          try {
            return await pollDevice(d, signal);
          } finally {
            running -= 1;
          }
        },
      );
      expect(peak).toBe(2);
      expect(results.map((r) => r.ok)).toEqual([false, true, true, true, true, true]);
      // The dead one (first in line) holds one slot until its deadline; the rest go through the other.
      expect(done.sw5).toBeGreaterThanOrEqual(1900);
      for (const n of ['sw6', 'sw7', 'sw1', 'sw2', 'sw3']) expect(done[n]).toBeLessThan(1000);

      // The same through the app: one run takes about the dead device's deadline, not more.
      const t = checker(
        ['sw5', 'sw6', 'sw7'].map((n) => snmpDevice(n, { timeoutMs: 1000 })),
        { concurrency: 2 },
      );
      const t0 = Date.now();
      await t.run();
      expect(Date.now() - t0).toBeLessThan(1800);
      expect(titles(t.sent)).toEqual(['sw5 unreachable']);
    } finally {
      await agents.device('sw5').start();
    }
  });

  it('holds alerts back in quiet hours and sends one summary afterwards', async () => {
    const t = checker(
      [snmpDevice('sw6')],
      { quietHours: { from: '00:00', to: '06:00', timezone: 'UTC' } },
      '2026-01-05T00:30:00Z',
    );
    await t.run();
    agents.device('sw6').setUp('Gi1/0/7', false);
    await t.run();
    expect(t.sent).toEqual([]);
    expect(
      (t.state.get('device:sw6') as { ports: Record<string, { up: boolean }> }).ports['Gi1/0/7']!.up,
    ).toBe(false);
    await t.clock.advance(6 * 3600_000);
    agents.device('sw6').setUp('Gi1/0/7', true);
    await t.run();
    expect(titles(t.sent)).toEqual(['Network changes during quiet hours (1)', 'sw6 Gi1/0/7 up']);
    expect((t.sent[0]!.message as PortableMessage).text).toBe('• sw6 Gi1/0/7 down');
    await t.run();
    expect(t.sent).toHaveLength(2);
  });
});
