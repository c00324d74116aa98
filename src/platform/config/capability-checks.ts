import { type CapabilityNeed, type ConnectionCapabilities, missingCapability } from './capabilities.ts';
import type { RawIssue } from './issues.ts';
import type { PathSegment } from './secrets.ts';

/**
 * Targets and apps checked against what their connections can do (see ConnectionCapabilities):
 * a target on a connection that cannot send, a destination kind the connection does not take, or an
 * app option that needs forms on a connection without them is a config error at its YAML line.
 */

type Dict = Record<string, unknown>;

/** For an app's `use`: which `with:` keys name a target, and what each needs of its connections. */
export type AppNeeds = Record<string, CapabilityNeed[]>;

/** Apps that declare nothing: their `target` / `targets` options are where they send. */
export const DEFAULT_APP_NEEDS: AppNeeds = { target: ['send'], targets: ['send'] };

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function listAt(value: unknown, base: PathSegment[]): Array<[string, PathSegment[]]> {
  if (typeof value === 'string') return [[value, base]];
  if (!Array.isArray(value)) return [];
  return value.flatMap(
    (v, i): Array<[string, PathSegment[]]> => (typeof v === 'string' ? [[v, [...base, i]]] : []),
  );
}

export function checkCapabilities(
  data: Dict,
  capabilities: Map<string, ConnectionCapabilities>,
  appNeeds: (use: string) => AppNeeds | null = () => null,
): RawIssue[] {
  if (capabilities.size === 0) return [];
  const targets = new Map(Object.entries(isDict(data['targets']) ? data['targets'] : {}));
  const issues: RawIssue[] = vaultProblems(data, capabilities);
  for (const [name, value] of targets) {
    for (const [entry, path] of listAt(value, ['targets', name])) {
      if (targets.has(entry)) continue;
      const problem = entryProblem(entry, capabilities, ['send']);
      if (problem) issues.push({ path, message: problem });
    }
  }
  const apps = isDict(data['apps']) ? data['apps'] : {};
  for (const [name, app] of Object.entries(apps)) {
    if (!isDict(app) || typeof app['use'] !== 'string' || !isDict(app['with'])) continue;
    const needs = appNeeds(app['use']) ?? DEFAULT_APP_NEEDS;
    for (const [key, wanted] of Object.entries(needs)) {
      for (const [entry, path] of listAt(app['with'][key], ['apps', name, 'with', key])) {
        const problem = targetProblem(entry, targets, capabilities, wanted);
        if (problem) issues.push({ path, message: problem });
      }
    }
  }
  return issues;
}

/** Connections that read accounts from the vault, in a config without one. */
function vaultProblems(data: Dict, capabilities: Map<string, ConnectionCapabilities>): RawIssue[] {
  const secrets = isDict(data['secrets']) ? data['secrets'] : {};
  if (secrets['vault'] !== undefined) return [];
  return [...capabilities]
    .filter(([, caps]) => caps.vault)
    .map(([name]) => ({
      path: ['connections', name],
      message: `connection "${name}" reads its accounts from the vault, but secrets.vault is not set in this file`,
    }));
}

/** Follows named targets down to raw entries; the first problem found, or null. Cycles are checkTargets' to report. */
function targetProblem(
  entry: string,
  targets: Map<string, unknown>,
  capabilities: Map<string, ConnectionCapabilities>,
  needs: CapabilityNeed[],
  seen = new Set<string>(),
): string | null {
  if (!targets.has(entry)) return entryProblem(entry, capabilities, needs);
  if (seen.has(entry)) return null;
  seen.add(entry);
  for (const [next] of listAt(targets.get(entry), [])) {
    const problem = targetProblem(next, targets, capabilities, needs, seen);
    if (problem) return `${problem} (via target "${entry}")`;
  }
  return null;
}

/** `<connection>` or `<connection>/<kind>/<id>` against the connection's capabilities; unknown ones are checkTargets' job. */
function entryProblem(
  entry: string,
  capabilities: Map<string, ConnectionCapabilities>,
  needs: CapabilityNeed[],
): string | null {
  const [connection = '', kind, ...rest] = entry.split('/');
  const caps = capabilities.get(connection);
  if (!caps) return null;
  for (const need of needs) {
    const missing = missingCapability(caps, need);
    if (missing) return `connection "${connection}" ${missing}, so it cannot serve "${entry}"`;
  }
  const kinds = caps.destinations;
  if (kind === undefined) {
    if (kinds.length === 0 || caps.bare || !needs.includes('send')) return null;
    return `"${entry}" needs a destination: ${connection}/<${kinds.join('|')}>/<id>`;
  }
  if (kinds.length === 0) {
    return `connection "${connection}" takes no destinations; use "${connection}" alone, not "${entry}"`;
  }
  if (!kinds.includes(kind) && rest.join('/') !== '') {
    return `connection "${connection}" has no destination kind "${kind}" (expected one of: ${kinds.join(', ')})`;
  }
  return null;
}
