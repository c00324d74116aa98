// cloud-report: 50 customers × 200 servers against the NCP emulator answering every call after
// 50 ms, next to one customer alone, measured in the same run, as a user runs it: a real daemon
// with an `ncp` connection that finds its customers in the vault (the Key Vault emulator over HTTPS)
// and `opsbot run cloud-report`. The NCP emulator runs in its own process (bench/ncp-process.ts),
// as NCP is another machine.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { type KeyVaultEmulator, startKeyVaultEmulator } from '../src/sandbox/keyvault/index.ts';
import { selfSignedCertificate } from '../src/sandbox/tls-cert.ts';
import { BenchProject, isMain, log } from './lib.ts';
import type { NcpProcessReady } from './ncp-process.ts';
import type { Outcome } from './rows.ts';
import { machineLine, table, writeSection } from './section.ts';

export const CUSTOMERS = 50;
export const SERVERS = 200;
export const LATENCY_MS = 50;
/** The target: the 50 together take less than 15 times one alone. */
export const TARGET_RATIO = 15;
export const HEADING = '## Cloud report: 50 customers × 200 servers';

export interface CloudReportResult {
  oneSeconds: number;
  oneCalls: number;
  allSeconds: number;
  allCalls: number;
  resources: number;
}

interface NcpProcess {
  ready: NcpProcessReady;
  calls(): Promise<number>;
  child: ChildProcess;
}

/** The emulator's process, seeded and listening; `calls()` asks it how many requests it served. */
async function startNcpProcess(): Promise<NcpProcess> {
  const args = [String(CUSTOMERS), String(SERVERS), String(LATENCY_MS)];
  const child = fork(new URL('./ncp-process.ts', import.meta.url), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [NcpProcessReady];
  const calls = async () => {
    child.send('calls');
    const [answer] = (await once(child, 'message')) as [{ calls: number }];
    return answer.calls;
  };
  return { ready, calls, child };
}

/** The old report's vault layout: secret name = customer id, value = secret key, tags. */
async function startVault(ncp: NcpProcessReady, project: BenchProject): Promise<KeyVaultEmulator> {
  const certificate = selfSignedCertificate('127.0.0.1', 'opsbot bench key vault');
  if (!certificate) throw new Error('openssl is needed for the Key Vault emulator');
  writeFileSync(project.path('vault-ca.pem'), certificate.cert);
  const vault = await startKeyVaultEmulator({ tls: certificate });
  for (const c of ncp.customers) {
    vault.setSecret(c.id, c.secretKey, { tags: { access_key: c.accessKey, customer_type: 'pri' } });
  }
  writeFileSync(project.path('client-secret'), vault.clientSecret);
  return vault;
}

function config(ncp: NcpProcessReady, vault: KeyVaultEmulator): string {
  return [
    'dataDir: ./data',
    'http: { host: 127.0.0.1, port: 0 }',
    'secrets:',
    `  vault: { type: azure-keyvault, url: "${vault.url}", authorityHost: "${vault.authorityHost}",`,
    `           tenantId: ${vault.tenantId}, clientId: ${vault.clientId}, clientSecret: "\${file:./client-secret}" }`,
    'connections:',
    `  ncp-msp: { type: ncp, customersFromVault: true, apiUrl: "${ncp.apiUrl}", monitoringUrl: "${ncp.monitoringUrl}" }`,
    'apps:',
    '  cloud-report:',
    '    use: builtin:cloud-report',
    '    with: { target: sandbox/channel/ops, discover: [ncp-msp] }',
  ].join('\n');
}

/** `opsbot run cloud-report` for some customers: the run's own duration, and the calls NCP served. */
async function timedRun(project: BenchProject, ncp: NcpProcess, only?: string) {
  const before = await ncp.calls();
  const args = ['run', 'cloud-report', '--json', '--set', 'period=2026-11'];
  const r = await project.cli(...args, ...(only ? ['--set', `only=[${only}]`] : []));
  if (r.code !== 0) throw new Error(`opsbot run failed (${r.code}): ${r.stdout} ${r.stderr}`);
  const result = JSON.parse(r.stdout) as { durationMs: number };
  return { seconds: result.durationMs / 1000, calls: (await ncp.calls()) - before };
}

export async function benchCloudReport(): Promise<CloudReportResult> {
  const ncp = await startNcpProcess();
  const project = new BenchProject('opsbot-bench-cloud-');
  // The daemon trusts the vault emulator's certificate as a person would tell it to.
  project.env['NODE_EXTRA_CA_CERTS'] = project.path('vault-ca.pem');
  const vault = await startVault(ncp.ready, project);
  try {
    project.write('opsbot.yaml', config(ncp.ready, vault));
    await project.start();
    log('cloud-report: one customer alone…');
    const one = await timedRun(project, ncp, ncp.ready.customers[0]?.id);
    log(`cloud-report: all ${CUSTOMERS} customers…`);
    const all = await timedRun(project, ncp);
    return {
      oneSeconds: one.seconds,
      oneCalls: one.calls,
      allSeconds: all.seconds,
      allCalls: all.calls,
      resources: ncp.ready.resources,
    };
  } finally {
    await project.dispose();
    await vault.close();
    ncp.child.send('stop');
    await once(ncp.child, 'exit');
  }
}

export function cloudReportSection(r: Outcome<CloudReportResult>): string[] {
  const intro = [
    HEADING,
    '',
    'Run alone with `node bench/cloud-report.ts` (about a minute; rewrites only this section), or with',
    'the others by `npm run bench -- --all`. A real daemon with one `ncp` connection whose customers are',
    "secrets in the Key Vault emulator (HTTPS, the old report's layout), and `opsbot run",
    "cloud-report --set period=2026-11` (the run's own duration from `--json`). The NCP emulator",
    `(\`src/sandbox/ncp\`, its own process) answers every call after ${LATENCY_MS} ms; each customer has ${SERVERS} VPC`,
    'servers and 3 of every other kind in one region (Classic empty): region lists, 14 kind lists',
    `(every page), NAS usage per volume and ${SERVERS} × 16 Cloud Insight series in calls of 20, then JSON`,
    'files, database rows and a workbook. Defaults: 4 customers at a time, 8 calls in flight per NCP',
    'account. The reference, one customer alone, runs in the same daemon just before.',
    '',
  ];
  if (!r.ok) return [...intro, `Failed: ${r.error}`, ''];
  const v = r.value;
  const ratio = v.allSeconds / v.oneSeconds;
  return [
    ...intro,
    `Machine: ${machineLine()}.`,
    '',
    ...table([
      ['What', 'Measured', 'Target', 'Met'],
      [
        `${CUSTOMERS} customers (${v.resources} resources)`,
        `${v.allSeconds.toFixed(1)} s, ${v.allCalls} API calls`,
        '',
        '',
      ],
      ['Reference: one customer alone', `${v.oneSeconds.toFixed(1)} s, ${v.oneCalls} API calls`, '', ''],
      [
        `${CUSTOMERS} customers ÷ one`,
        `${ratio.toFixed(1)}×`,
        `< ${TARGET_RATIO}×`,
        ratio < TARGET_RATIO ? 'yes' : '**no**',
      ],
    ]),
    '',
  ];
}

if (isMain(import.meta.url)) {
  const result = await benchCloudReport().then(
    (value): Outcome<CloudReportResult> => ({ ok: true, value }),
    (err: unknown): Outcome<CloudReportResult> => ({ ok: false, error: String(err) }),
  );
  log(JSON.stringify(result));
  writeSection(HEADING, cloudReportSection(result));
}
