import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', 'data']);
const MAX_FILES = 2000;

/**
 * A hash of an app's code: its entry file plus every file in the entry's folder (recursively), so
 * editing a helper module next to it also counts as a change. Apps kept as single files in a shared
 * folder therefore restart when a sibling changes; that is the safe side of the trade.
 */
export function codeHash(entryFile: string): string {
  const hash = createHash('sha256');
  const dir = path.dirname(entryFile);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (files.length >= MAX_FILES) return;
      const full = path.join(d, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(full);
      } else if (st.isFile() && /\.(ts|js|mjs|cjs|mts|json)$/.test(name)) files.push(full);
    }
  };
  try {
    walk(dir);
  } catch {
    files.push(entryFile);
  }
  for (const file of files) {
    hash.update(path.relative(dir, file));
    hash.update('\0');
    hash.update(readFileSync(file));
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
