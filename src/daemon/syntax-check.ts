import { spawnSync } from 'node:child_process';
import { localImportGraph } from './import-graph.ts';

/**
 * Where a syntax error is in an app's code. Node names the file and line of a TypeScript entry
 * file's error, but not of a plain JavaScript module it imports; `node --check` on each local file
 * does. Only called once loading has already failed, so the extra processes cost nothing normally.
 */
export function locateSyntaxError(entryFile: string): string | null {
  for (const file of localImportGraph(entryFile)) {
    if (file.endsWith('.json')) continue;
    const check = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--check', file], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (check.status === 0) continue;
    const lines = check.stderr.split('\n');
    const where = lines.find((l) => /^\S.*:\d+$/.test(l));
    const what = lines.find((l) => l.startsWith('SyntaxError'))?.replace(/^SyntaxError(\s\[\w+\])?:\s*/, '');
    if (where) return `syntax error in ${where}: ${what ?? 'invalid syntax'}`;
  }
  return null;
}
