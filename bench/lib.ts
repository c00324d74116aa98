// Shared by the benchmarks (not a benchmark itself): statistics, a temp project driven through the
// real CLI, and the "run me alone" check.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MAIN = path.join(ROOT, 'src/cli/main.ts');

/** True when `moduleUrl` is the script node was started with (`node bench/hooks.ts`). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles: p99 of 6,000 samples is the 5,940th smallest, a value that really occurred. */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export const ms = (value: number, digits = 2) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');

export const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface AppStatus {
  app: string;
  state: string;
  pid: number | null;
}

export interface StatusJson {
  pid: number;
  url: string;
  apps: AppStatus[];
}

/**
 * A throw-away project folder whose daemon is started and stopped through the real CLI, exactly as
 * `bin/opsbot` runs it. `dispose()` stops the daemon and deletes the folder, even after a failure.
 */
export class BenchProject {
  readonly dir: string;
  readonly env: Record<string, string>;

  constructor(prefix: string, env: Record<string, string> = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.env = env;
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  write(file: string, text: string): void {
    writeFileSync(this.path(file), text);
  }

  cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ['--disable-warning=ExperimentalWarning', MAIN, ...args, '--config', this.path('opsbot.yaml')],
        { cwd: this.dir, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** `opsbot start --json`: returns once the daemon reports healthy. */
  async start(): Promise<{ pid: number; url: string }> {
    const r = await this.cli('start', '--json');
    if (r.code !== 0) throw new Error(`opsbot start failed (${r.code}): ${r.stderr.trim()}`);
    return JSON.parse(r.stdout) as { pid: number; url: string };
  }

  async status(): Promise<StatusJson> {
    const r = await this.cli('status', '--json');
    if (r.code !== 0) throw new Error(`opsbot status failed (${r.code}): ${r.stderr.trim()}`);
    return JSON.parse(r.stdout) as StatusJson;
  }

  async dispose(): Promise<void> {
    try {
      const r = await this.cli('stop');
      if (r.code !== 0) log(`opsbot stop failed (${r.code}): ${r.stderr.trim()}`);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Polls until check() returns a truthy value; throws with `what` when the time is up. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}
