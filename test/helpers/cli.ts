import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive } from '../../src/platform/process-alive.ts';
import { CLI_MAIN } from './runtime.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = CLI_MAIN;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** bin/opsbot: the wrapper a user runs (Node from scripts/ensure-node, then dist/ or src/ main). */
export const BIN = path.join(ROOT, 'bin/opsbot');

/**
 * Runs a command to its end and collects what it printed. Its stdin gets `input`, then closes
 * (never a terminal), or is ignored without one.
 */
export function runProcess(
  command: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin?.end(opts.input);
  });
}

/** Runs the real CLI (same Node, same entry point as bin/opsbot) in a directory; `input` goes to its stdin. */
export function cli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<CliResult> {
  const argv = ['--disable-warning=ExperimentalWarning', MAIN, ...args];
  return runProcess(process.execPath, argv, { cwd, env, input });
}

/** A temp project folder with an opsbot.yaml; removed (after stopping any daemon) by cleanup(). */
export class Project {
  readonly dir: string;
  private children: ChildProcess[] = [];

  constructor(prefix = 'opsbot-e2e-') {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
  }

  write(file: string, text: string): void {
    writeFileSync(path.join(this.dir, file), text);
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), 'utf8');
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  run(...args: string[]): Promise<CliResult> {
    return cli(this.dir, args);
  }

  async status(): Promise<StatusJson> {
    const r = await this.run('status', '--json');
    if (r.code !== 0) throw new Error(`status failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout) as StatusJson;
  }

  async cleanup(): Promise<void> {
    await this.run('stop');
    for (const c of this.children) c.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface AppStatusJson {
  app: string;
  state: string;
  pid: number | null;
  restarts: number;
  nextRun: number | null;
  lastRun: { outcome: string } | null;
  error: string | null;
}

export interface StatusJson {
  pid: number;
  url: string;
  apps: AppStatusJson[];
}

export function alive(pid: number | null | undefined): boolean {
  return !!pid && processAlive(pid);
}

/** Pids of processes whose command line mentions a string (to prove nothing was left running). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmdline.includes(text) || environ.includes(text)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Polls until check() returns a truthy value or the time is up (then throws with the last value). */
type Falsy = false | null | undefined | 0 | '';

export async function until<T>(
  what: string,
  check: () => Promise<T | Falsy> | T | Falsy,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | Falsy | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}
