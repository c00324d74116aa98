import { pathToFileURL } from 'node:url';
import { OpsbotError } from '../../platform/errors.ts';
import { isDefinedApp } from '../index.ts';
import type { DefinedApp } from '../types.ts';

export async function importApp(file: string): Promise<DefinedApp> {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (!isDefinedApp(mod.default)) {
    throw new OpsbotError('APP_MODULE', `${file} must export default defineApp({...})`);
  }
  return mod.default;
}

/** Validates `with:` against the app's options schema; returns the parsed options. */
export function parseAppOptions(app: DefinedApp, options: unknown): Record<string, unknown> {
  if (!app.options) return (options ?? {}) as Record<string, unknown>;
  const result = app.options.safeParse(options ?? {});
  if (result.success) return result.data as Record<string, unknown>;
  const first = result.error.issues
    .map((i) => `${['with', ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
  throw new OpsbotError('APP_OPTIONS', first);
}
