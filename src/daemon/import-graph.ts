import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Bounds the walk: an app reaching more local files than this is hashed on the first ones. */
const MAX_FILES = 2000;
const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];
/**
 * Static `import … from`, `export … from`, bare `import '…'`, dynamic `import('…')` and `require('…')`
 * with a literal specifier. A commented-out import still counts: hashing one file too many only
 * restarts an app that did not need it, the safe side.
 */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

/** The relative specifiers a source file names. */
export function relativeImports(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[2]!);
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Where Node (with type stripping) or TypeScript's `.js`-for-`.ts` convention finds a relative import. */
export function resolveLocal(fromFile: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier.split(/[?#]/)[0]!);
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext)];
  const js = /\.(m|c)?js$/.exec(base);
  if (js) candidates.push(base.replace(/\.(m|c)?js$/, `.${js[1] ?? ''}ts`));
  candidates.push(...EXTENSIONS.map((ext) => path.join(base, `index${ext}`)));
  return candidates.find(isFile);
}

/**
 * An app's local code: its entry file and every file it reaches through relative imports,
 * transitively. Packages (bare specifiers, node_modules) are left out: their versions change with
 * installs, which restart the daemon anyway. Sorted, so the same code always lists the same way.
 */
export function localImportGraph(entryFile: string): string[] {
  const seen = new Set<string>();
  const queue = [path.resolve(entryFile)];
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.json')) continue;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const specifier of relativeImports(source)) {
      const target = resolveLocal(file, specifier);
      if (target && !target.split(path.sep).includes('node_modules')) queue.push(target);
    }
  }
  return [...seen].sort();
}
