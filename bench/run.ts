// `npm run bench`: runs the three benchmarks one after another, prints a table and rewrites
// BENCHMARKS.md from what was measured just now. No figure in that file is written by hand.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { type AttendanceResult, benchAttendance } from './attendance.ts';
import { attendanceSection } from './attendance-report.ts';
import { benchCloudReport, type CloudReportResult, cloudReportSection } from './cloud-report.ts';
import { benchCluster, type ClusterBenchResult } from './cluster.ts';
import { clusterSection } from './cluster-report.ts';
import {
  ACK_TARGET_P99_MS,
  ACK_TARGET_RATE,
  benchHooks,
  describeConditions,
  type HooksResult,
  type PhaseConditions,
} from './hooks.ts';
import { benchIdleRss, type IdleRssResult } from './idle-rss.ts';
import { log, ms, ROOT } from './lib.ts';
import { benchMarketAlert } from './market-alert.ts';
import { benchNetwork } from './network.ts';
import { attempt, int, marketAlertRows, networkRows, type Outcome, type Row, worksSendRows } from './rows.ts';
import { benchSchedulerLateness, LATENESS_TARGET_P99_MS, type LatenessResult } from './scheduler-lateness.ts';
import { benchWorksSend, WORKS_FLAVOUR } from './works.ts';

/** The fixed rate counts as held when at least this share of it was answered per second. */
const RATE_TOLERANCE = 0.99;

const mib = (n: number) => `${n.toFixed(1)} MiB`;
const yesNo = (met: boolean | undefined) => (met === undefined ? '' : met ? 'yes' : '**no**');

function rssRows(r: Outcome<IdleRssResult>): Row[] {
  if (!r.ok) return [{ what: 'Idle RSS', figure: `failed: ${r.error}`, target: '' }];
  const v = r.value;
  return [
    { what: 'Idle RSS, daemon alone', figure: mib(v.daemonMiB), target: '' },
    {
      what: `Idle RSS, per app (average of ${v.apps}; min–max)`,
      figure: `${mib(v.appAverageMiB)} (${v.appMinMiB.toFixed(1)}–${v.appMaxMiB.toFixed(1)})`,
      target: '',
    },
    {
      what: `Idle RSS, daemon + ${v.apps} apps (sum of VmRSS; PSS in brackets)`,
      figure: `${mib(v.totalMiB)} (${mib(v.totalPssMiB)})`,
      target: '',
    },
  ];
}

function latenessRows(r: Outcome<LatenessResult>): Row[] {
  if (!r.ok) return [{ what: 'Scheduler lateness', figure: `failed: ${r.error}`, target: '' }];
  const { lateness: l, jobs, seconds, skipped } = r.value;
  return [
    {
      what: `Scheduler lateness p50 / p99 / max (${jobs} jobs every second, ${seconds} s, ${int(l.count)} fires, ${skipped} skipped)`,
      figure: `${ms(l.p50, 0)} / ${ms(l.p99, 0)} / ${ms(l.max, 0)}`,
      target: `p99 < ${LATENESS_TARGET_P99_MS} ms`,
      met: l.p99 < LATENESS_TARGET_P99_MS && skipped === 0,
    },
  ];
}

function hooksRows(route: string, r: Outcome<HooksResult>): Row[] {
  if (!r.ok) return [{ what: `POST ${route}`, figure: `failed: ${r.error}`, target: '' }];
  const { floor: f, open: o, closed: c, duplicatesDeduped } = r.value;
  const held = o.achievedRate >= o.targetRate * RATE_TOLERANCE && o.errors === 0;
  return [
    {
      what: `POST ${route}, open loop at ${int(o.targetRate)} req/s for ${o.seconds} s: achieved rate, errors`,
      figure: `${int(o.achievedRate)} req/s, ${o.errors} errors`,
      target: `${int(ACK_TARGET_RATE)} req/s`,
      met: held,
    },
    {
      what: '… ack latency p50 / p99 / max (from the scheduled send time)',
      figure: `${ms(o.latency.p50)} / ${ms(o.latency.p99)} / ${ms(o.latency.max)}`,
      target: `p99 < ${ACK_TARGET_P99_MS} ms`,
      met: held && o.latency.p99 < ACK_TARGET_P99_MS,
    },
    ...(f
      ? [
          {
            what: '… the same load against a bare node:http server that only answers 200: p50 / p99 / max (the floor)',
            figure: `${ms(f.latency.p50)} / ${ms(f.latency.p99)} / ${ms(f.latency.max)}`,
            target: '',
          },
        ]
      : []),
    {
      what: '… inbox rows after the phase = acknowledged events',
      figure: `${int(o.inboxRows)} = ${int(o.ok)}`,
      target: 'equal',
      met: o.inboxRows === o.ok,
      check: true,
    },
    {
      what: '… the same 100 events re-sent: answered 200, no new rows',
      figure: duplicatesDeduped ? 'yes' : 'no',
      target: 'deduplicated',
      met: duplicatesDeduped,
      check: true,
    },
    {
      what: `POST ${route}, closed loop, ${c.connections} keep-alive connections for ${c.seconds} s: throughput, p99`,
      figure: `${int(c.rate)} req/s, p99 ${ms(c.latency.p99)}, ${c.errors} errors`,
      target: '',
    },
    {
      what: '… inbox rows after the phase = acknowledged events',
      figure: `${int(c.inboxRows)} = ${int(c.ok)}`,
      target: 'equal',
      met: c.inboxRows === c.ok,
      check: true,
    },
  ];
}

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function machine(): Array<[string, string]> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain')?.length ? ' with uncommitted changes' : '';
  return [
    ['CPU', model],
    ['Cores', String(os.availableParallelism())],
    ['Memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    ['OS', `${os.type()} ${os.release()} (${os.arch()})`],
    ['Node', process.version],
    ['Date', `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`],
    ['Commit', commit ? `${commit}${dirty}` : 'unknown'],
  ];
}

function conditions(
  lateness: Outcome<LatenessResult>,
  r: Outcome<HooksResult>,
  works: Outcome<HooksResult>,
): string[] {
  const line = (name: string, c: PhaseConditions) => `- ${name}: ${describeConditions(c)}.`;
  const scheduler = lateness.ok
    ? [
        `- Scheduler lateness: CPU: the scheduler ${lateness.value.cpu.senderPct.toFixed(0)}%, other processes ` +
          `${lateness.value.cpu.othersPct.toFixed(0)}%, steal ${lateness.value.cpu.stealPct.toFixed(1)}%.`,
      ]
    : [];
  if (!r.ok) return scheduler.length ? ['## Conditions', '', ...scheduler, ''] : [];
  return [
    '## Conditions',
    '',
    "Shares of the whole machine's CPU time (all cores together are 100%). The load generator runs",
    'on the same machine as the server, and its own delays count as latency; so does CPU time taken',
    'by other processes or by the hypervisor (steal).',
    '',
    ...scheduler,
    ...(r.value.floor ? [line('Floor (bare node:http server)', r.value.floor)] : []),
    line('Open loop', r.value.open),
    line('Closed loop', r.value.closed),
    ...(works.ok
      ? [line('NAVER WORKS open loop', works.value.open), line('NAVER WORKS closed loop', works.value.closed)]
      : []),
    '',
  ];
}

const METHOD = `## How it is measured

- **Idle RSS** (\`bench/idle-rss.ts\`): a temporary project with 10 apps (one small long-lived app
  file that imports \`opsbot\` and waits for a chat command), started with the real CLI
  (\`opsbot start\`); once \`opsbot status --json\` shows all 10 running, it idles 10 s, then reads
  \`VmRSS\` (and \`Pss\`) from \`/proc\` for the daemon and each app process. VmRSS counts pages shared
  between processes (the Node binary, for one) in every process; PSS splits them.
- **Scheduler lateness** (\`bench/scheduler-lateness.ts\`): the real \`Scheduler\` on the system
  clock, in-process, with 200 jobs on \`* * * * * *\` for 30 s. Each fire records
  \`Date.now() - scheduledAt\` and resolves at once, so only the scheduler is measured.
- **Webhooks** (\`bench/hooks.ts\`): the real daemon started with the CLI, with no apps and a
  sandbox connection that has a \`secret\`, so every request is HMAC-verified, deduplicated and
  written to the SQLite inbox before it is acknowledged. Bodies are
  \`{"id":"<unique>","channel":"bench","user":"u","text":"hello"}\`, signed in advance.
  - Open loop: requests are sent at fixed instants (1,000 per second) over keep-alive connections
    whether or not earlier ones were answered; latency runs from each request's scheduled send
    time to the end of its response, so queueing counts. The first 2 s are a warm-up on the same
    connections and are not counted.
  - Closed loop: 32 keep-alive connections, each sending its next request when the previous one
    is answered, for 5 s.
  - Floor: just before, the same open loop runs against a bare \`node:http\` server (its own
    process) that only answers 200. Whatever latency it shows is the machine's and the load
    generator's, not opsbot's.
  - After each phase the bench counts the inbox rows in \`<dataDir>/opsbot.db\` (with \`node:sqlite\`):
    they must equal the acknowledged events. Then 100 events are re-sent: they must be answered
    200 and add no rows.
- **NAVER WORKS callbacks** (\`bench/works.ts\`, same open and closed loops): a \`naverworks\`
  connection; bodies are the platform's callback JSON (spaced, with Korean text) with
  \`X-WORKS-BotId\` and a base64 HMAC-SHA256 \`X-WORKS-Signature\`, checked over the raw bytes.
  No floor phase (the sandbox one above is on the same machine).
- **NAVER WORKS sends** (\`bench/works.ts\`): the real daemon with two service-account connections,
  each pointing at its own NAVER WORKS emulator (in the bench process). An app queues the messages
  with \`ctx.notify\` (flex bubbles) in batches of 100; the figure runs from that HTTP request to the
  last message the emulator accepted. "No rate limit" sets \`rateLimit: 10000000\`; "240/min" keeps
  the connection's default and the emulator enforces 240 per minute too (any overshoot would be a
  429). The limiter lets a 3-second burst through first, so the steady rate is measured after it.
- **market-alert** (\`bench/market-alert.ts\`): the real daemon with two \`builtin:market-alert\` apps
  (FEP listener with \`ack: true\`, coalescing off). Ingest: 20,000 frames over 10 connections with
  up to 64 unacknowledged frames each; "stored" is first write to last ACK (each ACK follows the
  journal write), "routed" until the app's counters show every alert handed to the outbox (a
  sandbox target). Burst: 10,000 frames to an app whose target is a NAVER WORKS connection
  (service account, no rate limit) on the emulator; timed to the last message it accepted.
- **network-checker** (\`bench/network.ts\`): 500 SNMP agents (net-snmp, one UDP port each, 24
  ports) in the bench process; the app runs through \`opsbot/testing\`: a first cycle records, one
  port goes down, and the second cycle (every device polled and compared, concurrency 50) is timed.
`;

/** A Markdown table with padded columns, the way the repository's formatter (Biome) writes them. */
function mdTable(head: string[], cells: string[][]): string[] {
  // An error message may hold pipes or line breaks; neither may break the table.
  const rows = cells.map((row) => row.map((c) => c.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')));
  const width = (text: string) => [...text].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function markdown(
  rows: Row[],
  lateness: Outcome<LatenessResult>,
  hooks: Outcome<HooksResult>,
  works: Outcome<HooksResult>,
  attendance: Outcome<AttendanceResult>,
  cloud: Outcome<CloudReportResult>,
  cluster: Outcome<ClusterBenchResult>,
): string {
  const table = mdTable(
    ['What', 'Measured', 'Target', 'Met'],
    rows.map((r) => [r.what, r.figure, r.target, yesNo(r.met)]),
  );
  return [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts). Do not edit by hand: run it again. -->',
    '',
    'Reproduce with `npm run bench` (or `make bench`); it takes several minutes and rewrites this',
    'file. The figures below are from the last run, on this machine:',
    '',
    ...mdTable(['', ''], machine()),
    '',
    '## Results',
    '',
    ...table,
    '',
    ...conditions(lateness, hooks, works),
    METHOD,
    ...attendanceSection(attendance),
    ...cloudReportSection(cloud),
    ...clusterSection(cluster),
  ].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const rss = await attempt('idle RSS', () => benchIdleRss());
  const lateness = await attempt('scheduler lateness', () => benchSchedulerLateness());
  const hooks = await attempt('webhooks', () => benchHooks());
  const worksHooks = await attempt('NAVER WORKS callbacks', () =>
    benchHooks({ flavour: WORKS_FLAVOUR, floor: false }),
  );
  const worksSend = await attempt('NAVER WORKS sends', () => benchWorksSend());
  const market = await attempt('market-alert', () => benchMarketAlert());
  const network = await attempt('network-checker', () => benchNetwork());
  const attendance = await attempt('attendance', () => benchAttendance());
  const cloud = await attempt('cloud-report', () => benchCloudReport());
  const cluster = await attempt('cluster', () => benchCluster());
  const rows = [
    ...rssRows(rss),
    ...latenessRows(lateness),
    ...hooksRows('/hooks/sandbox', hooks),
    ...hooksRows('/hooks/works (NAVER WORKS callbacks)', worksHooks),
    ...worksSendRows(worksSend),
    ...marketAlertRows(market),
    ...networkRows(network),
  ];

  const table = new Table({
    head: ['what', 'measured', 'target', 'met'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [60, 34, 16, 6],
  });
  for (const r of rows)
    table.push([r.what, r.figure, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  process.stdout.write(`${table.toString()}\n`);

  const file = path.join(ROOT, 'BENCHMARKS.md');
  writeFileSync(file, markdown(rows, lateness, hooks, worksHooks, attendance, cloud, cluster));
  log(`wrote ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s total`);
  const missed = rows.filter((r) => r.met === false && !r.check);
  if (missed.length) log(`targets missed on this run: ${missed.map((r) => r.what).join('; ')}`);
  // A speed target missed on a noisy machine is a figure to read; a benchmark that could not run,
  // or a correctness check that failed, is an error.
  if (
    [rss, lateness, hooks, worksHooks, worksSend, attendance, cloud, cluster].some((r) => !r.ok) ||
    rows.some((r) => r.met === false && r.check)
  ) {
    process.exitCode = 1;
  }
}

await main();
