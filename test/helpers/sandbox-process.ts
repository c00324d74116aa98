import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type Project, ROOT, until } from './cli.ts';

const BIN = path.join(ROOT, 'bin/opsbot');

export interface RunningSandbox<Facts> {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  facts: Facts;
  exited: Promise<number | null>;
}

/** Starts `opsbot sandbox --json [extra…]` for a project and waits for its one JSON document on stdout. */
export async function startSandbox<Facts>(
  project: Project,
  extra: string[] = [],
): Promise<RunningSandbox<Facts>> {
  const args = ['sandbox', '--port', '0', '--json', '--config', project.path('opsbot.yaml'), ...extra];
  const child = spawn(BIN, args, { cwd: project.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr!.on('data', (d) => {
    out.stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const facts = await until(
    `the sandbox's JSON (stderr so far: ${out.stderr})`,
    () => {
      try {
        return JSON.parse(out.stdout) as Facts;
      } catch {
        return null;
      }
    },
    30_000,
  );
  return { child, out, facts, exited };
}
