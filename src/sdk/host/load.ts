// Lets an app import 'opsbot' (and 'opsbot/testing') from anywhere: registered before any app loads.
import '../register.ts';
import { pathToFileURL } from 'node:url';
import { OpsbotError } from '../../platform/errors.ts';
import { isDefinedApp } from '../index.ts';
import type { DefinedApp } from '../types.ts';

export async function importApp(file: string): Promise<DefinedApp> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    // Restarting cannot fix code that does not parse: a module error, named by its file and line.
    const syntax = syntaxErrorAt(err);
    if (syntax) throw new OpsbotError('APP_MODULE', syntax, { cause: err });
    throw err;
  }
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

/** `syntax error in /x/app.ts:3: Expression expected` for a SyntaxError; null for anything else. */
export function syntaxErrorAt(err: unknown): string | null {
  if (!(err instanceof SyntaxError)) return null;
  // Node puts the failing file and line on the stack's first line (`/x/app.ts:3`), for the entry file and for anything it imports.
  const where = /^(\S.*):(\d+)$/m.exec(err.stack?.split('\n')[0] ?? '');
  const at = where ? `${where[1]!.replace(/^file:\/\//, '')}:${where[2]}` : 'an app file';
  return `syntax error in ${at}: ${err.message}`;
}
