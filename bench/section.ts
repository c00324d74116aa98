// A section of BENCHMARKS.md that one benchmark owns: written by run.ts with the other figures, or
// alone by that benchmark's own script, which replaces only its section.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, ROOT } from './lib.ts';

export function machineLine(): string {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a checkout: the figure stands without it.
  }
  const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${cpu}, ${os.availableParallelism()} cores, Node ${process.version}, ${date}, commit ${commit}`;
}

export function table(rows: string[][]): string[] {
  const widths = [0, 1, 2, 3].map((i) => Math.max(3, ...rows.map((r) => [...(r[i] ?? '')].length)));
  // Every row gets every column, so a short row still renders as a full table line.
  const line = (r: string[]) =>
    `| ${widths.map((w, i) => (r[i] ?? '') + ' '.repeat(w - [...(r[i] ?? '')].length)).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/** Replaces (or appends) the section under `heading` in BENCHMARKS.md, leaving the rest as it is. */
export function writeSection(heading: string, lines: string[]): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(heading);
  const next = at < 0 ? -1 : text.indexOf('\n## ', at + heading.length);
  const before = at < 0 ? `${text.trimEnd()}\n\n` : text.slice(0, at);
  const after = next < 0 ? '' : `\n${text.slice(next + 1)}`;
  writeFileSync(file, `${before}${lines.join('\n')}${after}`);
  log(`wrote "${heading.replace(/^#+ /, '')}" in ${file}`);
}
