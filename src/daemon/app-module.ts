import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
