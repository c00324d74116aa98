import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OpsbotError } from '../platform/errors.ts';
import { isDefinedApp } from '../sdk/index.ts';
import type { DefinedApp } from '../sdk/types.ts';

const APPS_DIR = fileURLToPath(new URL('../apps/', import.meta.url));

/** Where an app's code lives: builtin:<name> → src/apps/<name>/index.ts; else a path from the config dir. */
export function resolveAppModule(use: string, configDir: string): string {
  if (use.startsWith('builtin:')) return path.join(APPS_DIR, use.slice('builtin:'.length), 'index.ts');
  return path.resolve(configDir, use);
}

/** For config checks: an error message when `use` points nowhere, else null. */
export function checkAppModule(use: string, configDir: string): string | null {
  const file = resolveAppModule(use, configDir);
  if (existsSync(file)) return null;
  return use.startsWith('builtin:') ? `unknown built-in app "${use}"` : `app file not found: ${use}`;
}

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
