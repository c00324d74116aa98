import { fileURLToPath } from 'node:url';

/**
 * The file of a module next to `base` (an `import.meta.url`), named as this copy of opsbot runs:
 * `.ts` when it runs from source, `.js` when it runs from the compiled output (`dist/`). The
 * compiler rewrites the extensions of imports, but not of paths built with `new URL()`, which is
 * how a file to fork or load at run time is found.
 */
export function modulePath(base: string, relative: string): string {
  const compiled = base.endsWith('.js');
  const name = compiled ? relative.replace(/\.ts$/, '.js') : relative;
  return fileURLToPath(new URL(name, base));
}

/** Whether the module at `base` runs from the compiled output. */
export function runsCompiled(base: string): boolean {
  return base.endsWith('.js');
}
