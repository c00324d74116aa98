import { stringify } from 'yaml';
import type { LoadedConfig } from './schema.ts';
import { scrubSecrets } from './secrets.ts';
import { showDurations } from './show-durations.ts';

/**
 * The resolved config as YAML, for `config show`: defaults filled in, but every string that was
 * written with `${…}` shown as written, so no secret value is printed.
 */
export function showConfig(config: LoadedConfig): string {
  const { file, dataDirPath, secretValues, secretRefs, ...settings } = config;
  const plain = clonePlain(settings, secretValues) as Record<string, unknown>;
  showDurations(plain);
  for (const ref of secretRefs ?? []) setExisting(plain, ref.path, ref.text);
  const header = `# ${file} (resolved; secret references shown as written)\n`;
  // Strings are scrubbed before stringify (so `[secret]` is quoted and the YAML stays valid), and the
  // output again in case YAML escaping split a value differently.
  return scrubSecrets(header + stringify(plain, { lineWidth: 0 }), secretValues);
}

/**
 * Deep copy of plain data, so the caller's config is not modified, with secrets scrubbed from every
 * string: a connector schema may have copied a secret to a path that was not a reference.
 */
function clonePlain(value: unknown, secretValues: string[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secretValues);
  if (Array.isArray(value)) return value.map((v) => clonePlain(v, secretValues));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clonePlain(v, secretValues)]));
  }
  return value;
}

/** Sets a value only where the path still exists after parsing (a schema may have dropped or moved it). */
function setExisting(root: Record<string, unknown>, path: (string | number)[], text: string): void {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[seg];
  }
  const last = path.at(-1);
  if (last === undefined || node === null || typeof node !== 'object') return;
  const parent = node as Record<string, unknown>;
  if (last in parent) parent[last] = text;
}
