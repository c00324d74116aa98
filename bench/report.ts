// BENCHMARKS.md as run.ts writes it: the machine, the "Lighter and faster" table (each figure beside
// its reference), the other results, the conditions of the load phases and how each is measured.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AttendanceResult } from './attendance.ts';
import { HEADING as ATTENDANCE, attendanceSection } from './attendance-report.ts';
import { HEADING as CLOUD, type CloudReportResult, cloudReportSection } from './cloud-report.ts';
import type { ClusterBenchResult } from './cluster.ts';
import { HEADING as CLUSTER, clusterSection } from './cluster-report.ts';
import { describeConditions, type HooksResult, type PhaseConditions } from './hooks.ts';
import { ROOT } from './lib.ts';
import type { RatioRow } from './lighter-report.ts';
import { METHOD } from './method.ts';
import type { Outcome, Row } from './rows.ts';
import type { LatenessResult } from './scheduler-lateness.ts';

/** The outcomes the Markdown needs beyond the rows (a full run has them all). */
export interface ReportInputs {
  lateness: Outcome<LatenessResult>;
  hooks: Outcome<HooksResult>;
  hooksPg: Outcome<HooksResult>;
  works: Outcome<HooksResult>;
  /** Absent when not run (the default run leaves these long ones out): their last section is kept. */
  attendance?: Outcome<AttendanceResult>;
  cloud?: Outcome<CloudReportResult>;
  cluster?: Outcome<ClusterBenchResult>;
}

/**
 * The section under `heading` as BENCHMARKS.md has it now (written by that benchmark's own script or
 * an earlier full run, with its own machine line and date), or nothing.
 */
function keptSection(heading: string): string[] {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(heading);
  if (at < 0) return [];
  const next = text.indexOf('\n## ', at + heading.length);
  return [
    ...text
      .slice(at, next < 0 ? undefined : next)
      .trimEnd()
      .split('\n'),
    '',
  ];
}

export const yesNo = (met: boolean | undefined) => (met === undefined ? '' : met ? 'yes' : '**no**');

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

export function machine(): Array<[string, string]> {
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

function conditions(i: ReportInputs): string[] {
  const line = (name: string, c: PhaseConditions) => `- ${name}: ${describeConditions(c)}.`;
  const { lateness, hooks: r, hooksPg: pg, works } = i;
  const scheduler = lateness.ok
    ? [
        `- Scheduler lateness: CPU: the scheduler ${lateness.value.cpu.senderPct.toFixed(0)}%, other processes ` +
          `${lateness.value.cpu.othersPct.toFixed(0)}%, steal ${lateness.value.cpu.stealPct.toFixed(1)}%.`,
      ]
    : [];
  if (!r.ok) return scheduler.length ? ['## Conditions', '', ...scheduler, ''] : [];
  const phases = (prefix: string, h: HooksResult) => [
    line(`${prefix}open loop`, h.open),
    ...(h.closed ? [line(`${prefix}closed loop`, h.closed)] : []),
  ];
  return [
    '## Conditions',
    '',
    "Shares of the whole machine's CPU time (all cores together are 100%). The load generator runs",
    'on the same machine as the server, and its own delays count as latency; so does CPU time taken',
    'by other processes or by the hypervisor (steal).',
    '',
    ...scheduler,
    ...(r.value.floor ? [line('Floor (bare node:http server), open loop', r.value.floor)] : []),
    ...(r.value.floorClosed ? [line('Floor (bare node:http server), closed loop', r.value.floorClosed)] : []),
    ...phases('Webhooks, SQLite: ', r.value),
    ...(pg.ok ? phases('Webhooks, Postgres: ', pg.value) : []),
    ...(works.ok ? phases('NAVER WORKS ', works.value) : []),
    '',
  ];
}

/** A Markdown table with padded columns, the way the repository's formatter (Biome) writes them. */
export function mdTable(head: string[], cells: string[][]): string[] {
  // An error message may hold pipes or line breaks; neither may break the table.
  const rows = cells.map((row) => row.map((c) => c.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')));
  const width = (text: string) => [...text].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function markdown(rows: Row[], lighter: RatioRow[], i: ReportInputs, load: [number, number]): string {
  const table = mdTable(
    ['What', 'Measured', 'Target', 'Met'],
    rows.map((r) => [r.what, r.figure, r.target, yesNo(r.met)]),
  );
  const ratios = mdTable(
    ['What · reference', 'Measured', 'Reference', 'Ratio', 'Target', 'Met'],
    lighter.map((r) => [r.what, r.measured, r.reference, r.ratio, r.target, yesNo(r.met)]),
  );
  return [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts). Do not edit by hand: run it again. -->',
    '',
    'Reproduce with `npm run bench` (or `make bench`); it takes several minutes and rewrites this',
    'file (`node bench/run.ts --only memory,cli` runs some sections and prints them only; see',
    '[docs/benchmarks.md](docs/benchmarks.md)). The figures below are from the last run, on this machine:',
    '',
    ...mdTable(
      ['', ''],
      [
        ...machine(),
        ['Command', '`npm run bench`'],
        ['Load average (1 min)', `${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end`],
      ],
    ),
    '',
    '## Lighter and faster',
    '',
    'Each figure beside its reference, measured in the same run on the same machine; the ratio is',
    'measured ÷ reference. PM2 is installed by the bench into a temporary folder (see',
    '[docs/benchmarks.md](docs/benchmarks.md)).',
    '',
    ...ratios,
    '',
    '## Results',
    '',
    ...table,
    '',
    ...conditions(i),
    METHOD,
    ...(i.attendance ? attendanceSection(i.attendance) : keptSection(ATTENDANCE)),
    ...(i.cloud ? cloudReportSection(i.cloud) : keptSection(CLOUD)),
    ...(i.cluster ? clusterSection(i.cluster) : keptSection(CLUSTER)),
  ].join('\n');
}
