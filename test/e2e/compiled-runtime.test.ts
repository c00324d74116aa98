import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Project, ROOT, runProcess } from '../helpers/cli.ts';
import { COMPILED } from '../helpers/runtime.ts';

/** Files under `dir` (relative), filtered. */
function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('the compiled runtime (dist/, built by make deps)', () => {
  const project = new Project('opsbot-runtime-');
  afterAll(() => project.cleanup());

  it('is current under make test, and holds every source module and every other file of src/', () => {
    // make test builds dist/ first (Makefile: deps); a stale one would leave the tests running sources.
    expect(COMPILED).toBe(true);
    const src = path.join(ROOT, 'src');
    const dist = path.join(ROOT, 'dist');
    const modules = files(src, (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
    const built = new Set(files(dist, () => true));
    expect(modules.filter((m) => !built.has(m.replace(/\.ts$/, '.js')))).toEqual([]);
    const assets = files(src, (n) => !n.endsWith('.ts'));
    expect(assets.length).toBeGreaterThan(10);
    expect(assets.filter((a) => !built.has(a))).toEqual([]);
    // The stamp names the build: a CLI trusts a daemon's answers only when both name the same one.
    expect(readFileSync(path.join(dist, '.built'), 'utf8')).toMatch(/^\d{8}T\d{6}\.\d+-\d+\n$/);
  });

  it('bin/opsbot runs dist/ when it is newer than every source, and the sources otherwise', async () => {
    // A checkout in miniature: the real wrapper, and two entries that say which one ran.
    const root = project.path('copy');
    for (const dir of ['bin', 'src/cli', 'dist/cli', '.node/bin', 'node_modules']) {
      mkdirSync(path.join(root, dir), { recursive: true });
    }
    copyFileSync(BIN, path.join(root, 'bin/opsbot'));
    symlinkSync(process.execPath, path.join(root, '.node/bin/node'));
    writeFileSync(
      path.join(root, 'src/cli/main.ts'),
      'console.log("source", process.argv.slice(2).join(" "));\n',
    );
    writeFileSync(
      path.join(root, 'dist/cli/main.js'),
      'console.log("compiled", process.argv.slice(2).join(" "));\n',
    );
    const stamp = path.join(root, 'dist/.built');
    writeFileSync(stamp, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, 'src/cli/main.ts'), past, past);
    const run = () => runProcess(path.join(root, 'bin/opsbot'), ['status', '--json'], { cwd: project.dir });

    expect((await run()).stdout).toBe('compiled status --json\n');
    // Test files are not compiled: a newer one leaves the build current.
    writeFileSync(path.join(root, 'src/cli/main.test.ts'), '');
    expect((await run()).stdout).toBe('compiled status --json\n');
    utimesSync(stamp, new Date(past.getTime() - 60_000), new Date(past.getTime() - 60_000));
    expect((await run()).stdout).toBe('source status --json\n');
  });
});
