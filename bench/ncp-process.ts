// The NCP emulator for bench/cloud-report.ts in a process of its own, as NCP is another machine in
// production: its JSON and metric generation must not eat the CPU of the app being measured.
// Forked with IPC: it seeds the customers, sends their keys and URLs, then answers "calls" with
// how many requests it has served.
import { seedCustomer, startNcpEmulator } from '../src/sandbox/ncp/index.ts';

export interface NcpProcessReady {
  apiUrl: string;
  monitoringUrl: string;
  customers: Array<{ id: string; accessKey: string; secretKey: string }>;
  /** Resources seeded, all customers together. */
  resources: number;
}

const [customers = '50', servers = '200', latencyMs = '50'] = process.argv.slice(2);
const ncp = await startNcpEmulator({ latencyMs: Number(latencyMs) });
const ready: NcpProcessReady = {
  apiUrl: ncp.apiUrl,
  monitoringUrl: ncp.monitoringUrl,
  customers: [],
  resources: 0,
};
for (let i = 1; i <= Number(customers); i++) {
  const id = `c${String(i).padStart(2, '0')}`;
  const keys = { accessKey: `ncp_iam_BENCH${id.toUpperCase()}`, secretKey: `bench-secret-${id}` };
  const account = ncp.addAccount({ ...keys, vpcRegions: ['KR'], classicRegions: ['KR'] });
  const groups = seedCustomer(account, { platforms: ['vpc'], servers: Number(servers), perKind: 3 });
  ready.resources += groups.reduce((sum, g) => sum + g.items.length, 0);
  ready.customers.push({ id, ...keys });
}
process.on('message', (message) => {
  if (message === 'calls') process.send?.({ calls: ncp.calls.length });
  if (message === 'stop') void ncp.close().then(() => process.exit(0));
});
process.send?.(ready);
