/**
 * Durations are milliseconds once loaded, but a plain number in the file means seconds: `config
 * show` prints them with a unit (`1s`, `10m`), so what it prints reads back as the same value.
 * `*` matches any key (an app or connection name). Add new duration keys here.
 */
const DURATION_PATHS = [
  'lockWait',
  'restart.backoff',
  'restart.maxBackoff',
  'inbox.holdFor',
  'inbox.retention',
  'outbox.retention',
  'runs.retention',
  'timeouts.*',
  'delivery.backoff',
  'delivery.maxBackoff',
  'delivery.lease',
  'apps.*.stopTimeout',
  'apps.*.timeouts.*',
  'connections.*.maxRetryAfter',
].map((p) => p.split('.'));

const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** 600000 → `10m`, 1500 → `1500ms`: the largest unit that divides it exactly. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const [unit, size] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** Rewrites every duration in a plain copy of the config as a string with a unit, in place. */
export function showDurations(root: Record<string, unknown>): void {
  for (const path of DURATION_PATHS) visit(root, path);
}

function visit(node: unknown, path: string[]): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const [head, ...rest] = path;
  if (head === undefined) return;
  const keys = head === '*' ? Object.keys(record) : [head];
  for (const key of keys) {
    if (rest.length) visit(record[key], rest);
    else if (typeof record[key] === 'number') record[key] = formatDuration(record[key]);
  }
}
