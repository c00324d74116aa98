// The attendance section of BENCHMARKS.md: written by run.ts with the other figures, or alone by
// `node bench/attendance.ts`, which replaces only this section.
import type { AttendanceResult } from './attendance.ts';
import type { Outcome } from './rows.ts';
import { machineLine, table, writeSection } from './section.ts';

export const HEADING = '## Attendance: a month of time cards in a browser';
const TARGET_SECONDS = 60;

export function attendanceSection(r: Outcome<AttendanceResult>): string[] {
  const intro = [
    HEADING,
    '',
    'Run alone with `node bench/attendance.ts` (about 90 s; rewrites only this section), or',
    'with the others by `npm run bench -- --all`. The HR site emulator (`src/sandbox/hr`) and Debian Chromium',
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
  writeSection(HEADING, attendanceSection(r));
}
