import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { localImportGraph } from './import-graph.ts';

/**
 * A hash of an app's code: its entry file plus every file it imports by a relative path, transitively
 * (see localImportGraph). Editing a shared helper therefore changes the hash of exactly the apps that
 * import it; a sibling file nobody imports changes nothing. A file that cannot be read hashes as missing.
 */
export function codeHash(entryFile: string): string {
  const hash = createHash('sha256');
  const root = path.dirname(path.resolve(entryFile));
  for (const file of localImportGraph(entryFile)) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('\u0000missing');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Stable JSON: object keys sorted, so equal configs hash equal whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(resolvedConfig: unknown, code: string): string {
  return createHash('sha256').update(stableJson(resolvedConfig)).update('\0').update(code).digest('hex');
}
