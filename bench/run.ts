// `npm run bench`: runs the benchmarks one after another, prints a table and rewrites BENCHMARKS.md
// from what was measured just now. No figure in that file is written by hand.
// `--all` adds the long sections that have scripts of their own (LONG); `node bench/run.ts --only
// memory,cli` runs only the sections named (see SECTIONS) and prints their rows without writing the
// file (a partial run must not replace the other figures).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { benchAttendance } from './attendance.ts';
import { benchCloudReport } from './cloud-report.ts';
import { benchCluster } from './cluster.ts';
import { ACK_TARGET_P99_MS, ACK_TARGET_RATE, benchHooks, type HooksResult } from './hooks.ts';
import { benchIdleRss, type IdleRssResult } from './idle-rss.ts';
import { log, ms, ROOT } from './lib.ts';
import { benchCliStartup, lastTestRun } from './lighter.ts';
import { failedRow, type LighterInputs, lighterRows } from './lighter-report.ts';
import { benchMarketAlert } from './market-alert.ts';
import { benchNetwork, type NetworkResult } from './network.ts';
import { benchPm2 } from './pm2.ts';
import { markdown, type ReportInputs } from './report.ts';
import { attempt, int, marketAlertRows, networkRows, type Outcome, type Row, worksSendRows } from './rows.ts';
import { benchSchedulerLateness, LATENESS_TARGET_P99_MS, type LatenessResult } from './scheduler-lateness.ts';
import { benchWorksSend, WORKS_FLAVOUR, type WorksSendResult } from './works.ts';

/** The fixed rate counts as held when at least this share of it was answered per second. */
const RATE_TOLERANCE = 0.99;
/**
 * Shorter than the standalone defaults where the figure is stable at that length, so a full run
 * stays within a few minutes: 2,000 scheduler fires, 5,000 open-loop requests, 5,000 ingested alerts.
 */
const LATENESS_SECONDS = 10;

const mib = (n: number) => `${n.toFixed(1)} MiB`;

function rssRows(r: Outcome<IdleRssResult>): Row[] {
  if (!r.ok) return [{ what: 'Idle RSS', figure: `failed: ${r.error}`, target: '' }];
  const v = r.value;
  // The total, beside PM2's, is in the "Lighter and faster" table.
  return [
    { what: 'Idle RSS, daemon alone (10 apps, `isolation: process`)', figure: mib(v.daemonMiB), target: '' },
    ...(v.perApp
      ? [
          {
            what: `Idle RSS, per app (average of ${v.apps}; min–max)`,
            figure: `${mib(v.perApp.averageMiB)} (${v.perApp.minMiB.toFixed(1)}–${v.perApp.maxMiB.toFixed(1)})`,
            target: '',
          },
        ]
      : []),
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
    ...(c
      ? [
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
        ]
      : []),
  ];
}

/** Sections `--only` can name; memory, cli and start share their daemons, so they run together. */
const SECTIONS = [
  'footprint',
  'lateness',
  'hooks',
  'hooks-pg',
  'works',
  'market',
  'network',
  'attendance',
  'cloud',
  'cluster',
  'tests',
] as const;
type Section = (typeof SECTIONS)[number];
const ALIASES: Record<string, Section> = { memory: 'footprint', cli: 'footprint', start: 'footprint' };

/** Long sections with a script of their own: `--all` or `--only` runs them; otherwise their last section is kept. */
const LONG: Section[] = ['attendance', 'cloud', 'cluster'];

/**
 * What to run: every section but LONG by default, everything with `--all`, or the sections named by
 * `--only a,b` (also `--only=a,b`); only the first two write BENCHMARKS.md.
 */
function parseArgs(argv: string[]): { sections: Set<Section>; write: boolean } {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) {
    const all = argv.includes('--all');
    return { sections: new Set(SECTIONS.filter((s) => all || !LONG.includes(s))), write: true };
  }
  const list = argv[at]?.startsWith('--only=') ? argv[at]?.slice('--only='.length) : argv[at + 1];
  const names = (list ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(n in ALIASES) && !SECTIONS.includes(n as Section));
  if (!names.length || unknown.length) {
    const known = [...SECTIONS, ...Object.keys(ALIASES)].join(',');
    process.stderr.write(`usage: node bench/run.ts [--all | --only ${known}]\n`);
    process.exit(2);
  }
  return { sections: new Set(names.map((n) => ALIASES[n] ?? (n as Section))), write: false };
}

type Results = Partial<ReportInputs> &
  LighterInputs & { worksSend?: Outcome<WorksSendResult>; network?: Outcome<NetworkResult> };

async function measure(sections: Set<Section>): Promise<Results> {
  const on = (s: Section) => sections.has(s);
  const r: Results = {};
  if (on('footprint')) {
    r.rss = await attempt('idle RSS, process isolation', () => benchIdleRss());
    r.rssThread = await attempt('idle RSS, thread isolation', () => benchIdleRss({ isolation: 'thread' }));
    r.pm2 = await attempt('PM2 reference', () => benchPm2());
    r.cli = await attempt('CLI start-up', () => benchCliStartup());
  }
  if (on('lateness'))
    r.lateness = await attempt('scheduler lateness', () => benchSchedulerLateness(200, LATENESS_SECONDS));
  if (on('hooks')) r.hooks = await attempt('webhooks, SQLite', () => benchHooks());
  if (on('hooks-pg'))
    r.hooksPg = await attempt('webhooks, Postgres', () =>
      benchHooks({ store: 'postgres', floor: false, closedSeconds: 0, openSeconds: 5 }),
    );
  if (on('works')) {
    r.works = await attempt('NAVER WORKS callbacks', () =>
      benchHooks({ flavour: WORKS_FLAVOUR, floor: false, openSeconds: 5 }),
    );
    r.worksSend = await attempt('NAVER WORKS sends', () => benchWorksSend());
  }
  if (on('market')) r.market = await attempt('market-alert', () => benchMarketAlert({ alerts: 5000 }));
  if (on('network')) r.network = await attempt('network-checker', () => benchNetwork());
  if (on('attendance')) r.attendance = await attempt('attendance', () => benchAttendance());
  if (on('cloud')) r.cloud = await attempt('cloud-report', () => benchCloudReport());
  if (on('cluster')) r.cluster = await attempt('cluster', () => benchCluster());
  if (on('tests')) r.tests = await attempt('last make test', async () => lastTestRun());
  return r;
}

function print(lighter: ReturnType<typeof lighterRows>, rows: Row[]): void {
  const style = { head: [], border: [] };
  if (lighter.length) {
    const t = new Table({
      head: ['what · reference', 'measured', 'reference', 'ratio', 'target', 'met'],
      style,
      wordWrap: true,
      colWidths: [44, 26, 26, 14, 14, 5],
    });
    for (const r of lighter)
      t.push([
        r.what,
        r.measured,
        r.reference,
        r.ratio,
        r.target,
        r.met === undefined ? '' : r.met ? 'yes' : 'NO',
      ]);
    process.stdout.write(`${t.toString()}\n`);
  }
  if (!rows.length) return;
  const table = new Table({
    head: ['what', 'measured', 'target', 'met'],
    style,
    wordWrap: true,
    colWidths: [60, 34, 16, 6],
  });
  for (const r of rows)
    table.push([r.what, r.figure, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  process.stdout.write(`${table.toString()}\n`);
}

async function main(): Promise<void> {
  const { sections, write } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const r = await measure(sections);
  const lighter = lighterRows(r);
  const rows = [
    ...(r.rss ? rssRows(r.rss) : []),
    ...(r.lateness ? latenessRows(r.lateness) : []),
    ...(r.hooks ? hooksRows('/hooks/sandbox', r.hooks) : []),
    ...(r.hooksPg ? hooksRows('/hooks/sandbox on Postgres', r.hooksPg) : []),
    ...(r.works ? hooksRows('/hooks/works (NAVER WORKS callbacks)', r.works) : []),
    ...(r.worksSend ? worksSendRows(r.worksSend) : []),
    ...(r.market ? marketAlertRows(r.market) : []),
    ...(r.network ? networkRows(r.network) : []),
  ];
  print(lighter, rows);
  log(
    `1-minute load average: ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
  );
  if (!write) log(`--only: BENCHMARKS.md left as it is (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  else {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    writeFileSync(file, markdown(rows, lighter, r as ReportInputs, [loadAtStart, loadavg()[0] ?? 0]));
    log(`wrote ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s total`);
  }
  const missed = [
    ...rows.filter((x) => x.met === false && !x.check).map((x) => x.what),
    ...lighter.filter((x) => x.met === false).map((x) => x.what),
  ];
  if (missed.length) log(`targets missed on this run: ${missed.join('; ')}`);
  // A speed target missed on a noisy machine is a figure to read; a benchmark that could not run,
  // or a correctness check that failed, is an error. A feature this build lacks ("not available") is neither.
  const outcomes = [
    r.lateness,
    r.hooks,
    r.hooksPg,
    r.works,
    r.worksSend,
    r.attendance,
    r.cloud,
    r.cluster,
    r.pm2,
    r.cli,
    r.tests,
    r.rss,
  ];
  if (
    outcomes.some((o) => o && !o.ok) ||
    lighter.some(failedRow) ||
    rows.some((x) => x.met === false && x.check)
  )
    process.exitCode = 1;
}

await main();
