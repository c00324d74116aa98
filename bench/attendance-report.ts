// The attendance section of BENCHMARKS.md: written by run.ts with the other figures, or alone by
// `node bench/attendance.ts`, which replaces only this section.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AttendanceResult } from './attendance.ts';
import { log, ROOT } from './lib.ts';
import type { Outcome } from './rows.ts';

const HEADING = '## Attendance: a month of time cards in a browser';
const TARGET_SECONDS = 60;

function machineLine(): string {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a checkout: the figure stands without it.
  }
  const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${cpu}, ${os.availableParallelism()} cores, Node ${process.version}, ${date}, commit ${commit}`;
}

function table(rows: string[][]): string[] {
  const widths = [0, 1, 2, 3].map((i) => Math.max(3, ...rows.map((r) => [...(r[i] ?? '')].length)));
  // Every row gets every column, so a short row still renders as a full table line.
  const line = (r: string[]) =>
    `| ${widths.map((w, i) => (r[i] ?? '') + ' '.repeat(w - [...(r[i] ?? '')].length)).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

export function attendanceSection(r: Outcome<AttendanceResult>): string[] {
  const intro = [
    HEADING,
    '',
    'Run alone with `node bench/attendance.ts` (about 90 s; rewrites only this section), or',
    'with the others by `npm run bench`. The HR site emulator (`src/sandbox/hr`) and Debian Chromium',
    'on this machine. `fillDays` logs in once and enters 22 working days (October 2026), waiting on',
    'selectors only. The reference replays the old Selenium steps (reference §6) with the same',
    'browser and site: 10 s after the login, 2 s after opening each day, 1 s after typing, then back',
    'to the month list; measured in full in the same run, not extrapolated.',
    '',
  ];
  if (!r.ok) return [...intro, `Failed: ${r.error}`, ''];
  const v = r.value;
  return [
    ...intro,
    `Machine: ${machineLine()}.`,
    '',
    ...table([
      ['What', 'Measured', 'Target', 'Met'],
      [
        `fillDays, ${v.days} days (login to the last confirmation)`,
        `${v.seconds.toFixed(1)} s, ${v.entered} of ${v.days} entered`,
        `< ${TARGET_SECONDS} s`,
        v.seconds < TARGET_SECONDS && v.entered === v.days ? 'yes' : '**no**',
      ],
      [
        '… Chromium launch, once per browser (not in the figure above)',
        `${v.launchSeconds.toFixed(1)} s`,
        '',
      ],
      [
        `Reference: the old way, same ${v.days} days`,
        `${v.oldSeconds.toFixed(1)} s, ${v.oldEntered} of ${v.days} entered`,
        '2–3 min in production',
        '',
      ],
      [`… of which fixed sleeps`, `${v.oldSleepSeconds.toFixed(0)} s`, '', ''],
    ]),
    '',
  ];
}

/** Replaces (or appends) this section in BENCHMARKS.md, leaving the rest of the file as it is. */
export function writeAttendanceSection(r: Outcome<AttendanceResult>): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(HEADING);
  const next = at < 0 ? -1 : text.indexOf('\n## ', at + HEADING.length);
  const before = at < 0 ? `${text.trimEnd()}\n\n` : text.slice(0, at);
  const after = next < 0 ? '' : `\n${text.slice(next + 1)}`;
  writeFileSync(file, `${before}${attendanceSection(r).join('\n')}${after}`);
  log(`wrote the attendance section of ${file}`);
}
