import { resolve } from 'node:path';
import type { ZodType } from 'zod';
import { validateCron } from '../cron.ts';
import { errorMessage } from '../errors.ts';
import type { ConnectionCapabilities } from './capabilities.ts';
import { fromZodIssues, type RawIssue } from './issues.ts';
import { secretPathsIn } from './secret-fields.ts';
import type { PathSegment } from './secrets.ts';

/**
 * Checks the schema cannot express: cron syntax, target references, connector options, app names.
 * They run on the raw (secret-resolved) data, not the parsed config, so a file with a schema error
 * still gets these reported in the same pass; anything of the wrong shape is skipped (zod reports it).
 */

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function entries(value: unknown): [string, unknown][] {
  return isDict(value) ? Object.entries(value) : [];
}

/** Why a cron expression is invalid, or null. 5 fields, or 6 with seconds first (croner's 7th, year, is not ours). */
export function checkSchedules(data: Dict, canShow: (path: PathSegment[]) => boolean): RawIssue[] {
  const issues: RawIssue[] = [];
  for (const [name, app] of entries(data['apps'])) {
    if (!isDict(app)) continue;
    const schedule = app['schedule'];
    let path: PathSegment[] = ['apps', name, 'schedule'];
    let expression: unknown = schedule;
    if (isDict(schedule)) {
      path = [...path, 'cron'];
      expression = schedule['cron'];
    }
    if (typeof expression !== 'string' || expression === '') continue;
    const problem = validateCron(expression);
    if (!problem) continue;
    const shown = canShow(path) ? ` (${JSON.stringify(expression)})` : '';
    issues.push({ path, message: `not a valid cron expression${shown}: ${problem}` });
  }
  return issues;
}

/**
 * A target entry is `<connection>/<kind>/<id>`, a connection alone, or another target's name.
 * Unknown connections, unknown names and cycles are errors.
 */
export function checkTargets(data: Dict, canShow: (path: PathSegment[]) => boolean): RawIssue[] {
  const issues: RawIssue[] = [];
  const connections = new Set(Object.keys(isDict(data['connections']) ? data['connections'] : {}));
  const targets = new Map(entries(data['targets']));
  const known = connections.size
    ? `connections: ${[...connections].join(', ')}`
    : 'no connections are configured';
  const edges = new Map<string, { to: string; path: PathSegment[] }[]>();

  for (const [name, value] of targets) {
    const base: PathSegment[] = ['targets', name];
    if (connections.has(name)) {
      issues.push({
        path: base,
        message: `"${name}" is both a target and a connection name; rename the target`,
      });
    }
    const list: [unknown, PathSegment[]][] = Array.isArray(value)
      ? value.map((v, i) => [v, [...base, i]])
      : [[value, base]];
    const out: { to: string; path: PathSegment[] }[] = [];
    for (const [entry, path] of list) {
      if (typeof entry !== 'string' || entry === '') continue;
      const quote = (text: string) => (canShow(path) ? JSON.stringify(text) : '[secret]');
      if (entry.includes('/')) {
        const [conn, kind, ...rest] = entry.split('/');
        const id = rest.join('/');
        if (!conn || !kind || !id) {
          issues.push({ path, message: `expected <connection>/<kind>/<id>, got ${quote(entry)}` });
        } else if (!connections.has(conn)) {
          issues.push({ path, message: `unknown connection ${quote(conn)} (${known})` });
        }
      } else if (targets.has(entry)) {
        out.push({ to: entry, path });
      } else if (!connections.has(entry)) {
        issues.push({ path, message: `unknown target or connection ${quote(entry)}` });
      }
    }
    edges.set(name, out);
  }
  issues.push(...findCycles(edges));
  return issues;
}

/** Depth-first search; each cycle is reported once, at the entry that closes it. */
function findCycles(edges: Map<string, { to: string; path: PathSegment[] }[]>): RawIssue[] {
  const issues: RawIssue[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string) => {
    stack.push(name);
    for (const edge of edges.get(name) ?? []) {
      const at = stack.indexOf(edge.to);
      if (at !== -1) {
        const cycle = [...stack.slice(at), edge.to].join(' -> ');
        issues.push({ path: edge.path, message: `target cycle: ${cycle}` });
      } else if (!done.has(edge.to)) {
        visit(edge.to);
      }
    }
    stack.pop();
    done.add(name);
  };
  for (const name of edges.keys()) if (!done.has(name)) visit(name);
  return issues;
}

/** A connection type as config load sees it: parses a whole block once and says what it can do. */
export interface ConnectionTypeCheck {
  /** Parses the block (type and rateLimit included); the data is what the connector will be given. */
  parse(block: Dict): { success: true; data: Dict } | { success: false; error: { issues: ZodIssues } };
  capabilities(parsed: Dict): ConnectionCapabilities;
  /** The options schema, read for its fields marked secretField() (what `config show` masks). */
  readonly options?: ZodType;
}

type ZodIssues = Parameters<typeof fromZodIssues>[0];

/** A bare options schema (tests, simple types) or a full check with capabilities. */
export type ConnectionTypeEntry = ZodType | ConnectionTypeCheck;

/**
 * Validates each connection's options against its connector's schema. Returns the parsed blocks
 * (with the connector's defaults) so the loaded config carries what the connector will see, and the
 * capabilities of each connection whose type declares them.
 */
export function checkConnections(
  data: Dict,
  types: Map<string, ConnectionTypeEntry>,
  canShow: (path: PathSegment[]) => boolean,
): {
  issues: RawIssue[];
  parsed: Map<string, Dict>;
  capabilities: Map<string, ConnectionCapabilities>;
  secretPaths: PathSegment[][];
} {
  const issues: RawIssue[] = [];
  const secretPaths: PathSegment[][] = [];
  const parsed = new Map<string, Dict>();
  const capabilities = new Map<string, ConnectionCapabilities>();
  for (const [name, conn] of entries(data['connections'])) {
    if (!isDict(conn) || typeof conn['type'] !== 'string') continue;
    const { type, rateLimit, maxRetryAfter: _maxRetryAfter, ...options } = conn;
    const entry = types.get(type);
    if (!entry) {
      const known = [...types.keys()].sort().join(', ');
      issues.push({
        path: ['connections', name, 'type'],
        message: `unknown connection type "${type}" (known: ${known})`,
      });
      continue;
    }
    const base: PathSegment[] = ['connections', name];
    if (!('parse' in entry && 'capabilities' in entry)) {
      const result = entry.safeParse(options);
      if (!result.success) issues.push(...fromZodIssues(result.error.issues, base, options, canShow));
      else if (isDict(result.data)) {
        parsed.set(name, { type, ...(rateLimit === undefined ? {} : { rateLimit }), ...result.data });
        secretPaths.push(...secretPathsIn(entry, result.data, base));
      }
      continue;
    }
    const result = entry.parse(conn);
    if (!result.success) {
      issues.push(...fromZodIssues(result.error.issues, base, options, canShow));
      continue;
    }
    // Kept as the very object parse() returned: the connector recognises it and does not parse again.
    parsed.set(name, result.data);
    capabilities.set(name, entry.capabilities(result.data));
    if (entry.options) secretPaths.push(...secretPathsIn(entry.options, result.data, base));
  }
  return { issues, parsed, capabilities, secretPaths };
}

/** Absolute `appRoots` (default: the config file's folder); a malformed list is left to the schema. */
export function appRootsOf(data: Dict, baseDir: string): string[] {
  const roots = data['appRoots'];
  if (!Array.isArray(roots) || roots.length === 0 || !roots.every((r) => typeof r === 'string' && r)) {
    return [baseDir];
  }
  return roots.map((root: string) => resolve(baseDir, root));
}

/** Asks the caller whether each app's `use` can be found (builtin name, file on disk inside appRoots). */
export function checkApps(
  data: Dict,
  knownApps: (use: string, appRoots: string[]) => string | null,
  baseDir: string,
): RawIssue[] {
  const issues: RawIssue[] = [];
  const roots = appRootsOf(data, baseDir);
  for (const [name, app] of entries(data['apps'])) {
    if (!isDict(app) || typeof app['use'] !== 'string' || app['use'] === '') continue;
    let problem: string | null;
    try {
      problem = knownApps(app['use'], roots);
    } catch (err) {
      problem = errorMessage(err);
    }
    if (problem) issues.push({ path: ['apps', name, 'use'], message: problem });
  }
  return issues;
}
