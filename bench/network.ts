// network-checker: one poll cycle over many emulated SNMP devices (the real app code through
// opsbot/testing; the agents run in this process, so they share its CPU with the poller).
import networkChecker from '../src/apps/network-checker/index.ts';
import { gigabitPorts, startSnmpAgents } from '../src/sandbox/network/index.ts';
import { createTestApp } from '../src/sdk/testing/index.ts';
import { isMain, log } from './lib.ts';

export interface NetworkResult {
  devices: number;
  portsPerDevice: number;
  concurrency: number;
  /** The second run: every device answers, every port compared with the stored snapshot. */
  seconds: number;
  /** Alerts from that run after one port of one device went down (must be exactly 1). */
  alerts: number;
}

export async function benchNetwork(options: { devices?: number; ports?: number; concurrency?: number } = {}) {
  const { devices = 500, ports = 24, concurrency = 50 } = options;
  log(`network: starting ${devices} SNMP agents with ${ports} ports each`);
  const agents = await startSnmpAgents({
    devices: Array.from({ length: devices }, (_, i) => ({ name: `sw${i + 1}`, ports: gigabitPorts(ports) })),
  });
  try {
    const t = createTestApp(networkChecker, {
      options: {
        target: 'noc',
        concurrency,
        timeoutMs: 20_000,
        devices: agents.devices.map((d) => ({
          name: d.name,
          host: d.host,
          port: d.port,
          method: 'snmp',
          snmp: { version: '2c', community: 'public' },
        })),
      },
    });
    await t.run(); // first poll only records
    agents.devices[0]?.setUp('Gi1/0/2', false);
    const before = t.sent.length;
    log(`network: one poll cycle over ${devices} devices, concurrency ${concurrency}`);
    const t0 = performance.now();
    await t.run();
    const seconds = (performance.now() - t0) / 1000;
    return {
      devices,
      portsPerDevice: ports,
      concurrency,
      seconds,
      alerts: t.sent.length - before,
    } satisfies NetworkResult;
  } finally {
    await agents.close();
  }
}

if (isMain(import.meta.url)) {
  const r = await benchNetwork();
  process.stdout.write(
    `${r.devices} devices × ${r.portsPerDevice} ports, concurrency ${r.concurrency}: one poll cycle in ${r.seconds.toFixed(2)} s, ${r.alerts} alert(s)\n`,
  );
}
