import { stringify } from 'yaml';
import { maskUrlCredentials } from '../redact.ts';
import type { LoadedConfig } from './schema.ts';
import { SECRET_KEY } from './secret-fields.ts';
import { scrubSecrets } from './secrets.ts';
import { showDurations } from './show-durations.ts';

const MASK = '[secret]';

/**
 * The resolved config as YAML, for `config show`: defaults filled in, but every string that was
 * written with `${…}` shown as written, and secrets written in plain masked: values of fields a
 * schema marks secret, values under credential-like keys where no schema says (`with:`, `env:`),
 * and credentials inside URLs (user:pass@, token query keys).
 */
export function showConfig(config: LoadedConfig): string {
  const { file, dataDirPath, secretValues, secretRefs, secretPaths, ...settings } = config;
  const plain = clonePlain(settings, secretValues) as Record<string, unknown>;
  for (const path of secretPaths ?? []) setExisting(plain, path, MASK);
  // A reference (`${env:X}`) is safe to show and says where the value comes from.
  showDurations(plain);
  for (const ref of secretRefs ?? []) setExisting(plain, ref.path, ref.text);
  const header = `# ${file} (resolved; secret references shown as written)\n`;
  // Strings are scrubbed before stringify (so `[secret]` is quoted and the YAML stays valid), and the
  // output again in case YAML escaping split a value differently.
  return scrubSecrets(header + stringify(plain, { lineWidth: 0 }), secretValues);
}

/**
 * Deep copy of plain data, so the caller's config is not modified, with secrets scrubbed from every
 * string (a connector schema may have copied a secret to a path that was not a reference), URL
 * credentials masked, and strings under credential-like keys masked whole.
 */
function clonePlain(value: unknown, secretValues: string[], key = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key)) return MASK;
    return maskUrlCredentials(scrubSecrets(value, secretValues), MASK);
  }
  if (Array.isArray(value)) return value.map((v) => clonePlain(v, secretValues, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clonePlain(v, secretValues, k)]));
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
