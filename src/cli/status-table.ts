import type { AppStatus } from '../contracts/daemon-api/index.ts';
import { duration, localTime, relative, table } from './output.ts';

/** Why an app is in its state, shortened for a table cell: the error, else the last restart's reason. */
function stateCell(a: AppStatus): string {
  if (a.error && a.state !== 'running') return `${a.state}: ${a.error.slice(0, 60)}`;
  if (a.restartReason && a.restarts > 0) return `${a.state} (restarted: ${a.restartReason.slice(0, 50)})`;
  return a.state;
}

/** `opsbot status` as a table; times are in the config's timezone and say which zone that is. */
export function statusTable(status: { timezone: string; apps: AppStatus[] }, now: number): string {
  const tz = status.timezone;
  const rows = status.apps.map((a) => [
    a.app,
    stateCell(a),
    a.pid ?? '-',
    a.uptimeMs === null ? '-' : duration(a.uptimeMs),
    a.restarts,
    a.lastRun ? `${a.lastRun.outcome} ${relative(a.lastRun.startedAt, now)}` : '-',
    a.nextRun ? `${localTime(a.nextRun, tz)} ${tz} (${relative(a.nextRun, now)})` : '-',
  ]);
  return table(['app', 'state', 'pid', 'uptime', 'restarts', 'last run', 'next run'], rows);
}
