import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runsCompiled } from '../platform/module-path.ts';

const APPS_DIR = fileURLToPath(new URL('../apps/', import.meta.url));
/** A built-in app's entry, in the form this copy runs (see platform/module-path.ts). */
const ENTRY = runsCompiled(import.meta.url) ? 'index.js' : 'index.ts';

/** Where an app's code lives: builtin:<name> → src/apps/<name>/index.ts (or dist/…/index.js); else a path from the config dir. */
export function resolveAppModule(use: string, configDir: string): string {
  if (use.startsWith('builtin:')) return path.join(APPS_DIR, use.slice('builtin:'.length), ENTRY);
  return path.resolve(configDir, use);
}

/**
 * For config checks: an error message when `use` points nowhere or outside every app root, else
 * null. The daemon runs app files with its own rights, so only folders the config names may hold
 * them; symlinks are followed first, so a link inside a root cannot point out of it.
 */
export function checkAppModule(
  use: string,
  configDir: string,
  appRoots: string[] = [configDir],
): string | null {
  const file = resolveAppModule(use, configDir);
  if (!existsSync(file)) {
    return use.startsWith('builtin:') ? `unknown built-in app "${use}"` : `app file not found: ${use}`;
  }
  if (use.startsWith('builtin:')) return null;
  const real = realpathSync(file);
  const inside = appRoots.some((root) => {
    const relative = path.relative(realOrSame(root), real);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
  if (inside) return null;
  return `app file ${file} is outside the app folders (appRoots: ${appRoots.join(', ')}); move it there or add its folder to appRoots`;
}

function realOrSame(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
