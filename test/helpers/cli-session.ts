import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type CliResult, ROOT } from './cli.ts';

const RUNNER = path.join(ROOT, 'test/helpers/cli-session-runner.ts');

/**
 * Runs many CLI command lines in one Node process (the real `runCli`, the same code bin/opsbot
 * runs), one after another. A Node start with the CLI's imports costs about a second on a busy
 * machine; a test with dozens of command lines would spend its whole timeout on them.
 */
export class CliSession {
  private readonly child: ChildProcess;
  private readonly waiting: Array<(r: CliResult) => void> = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** What the process wrote outside any command (should stay empty). */
  stray = '';

  constructor(cwd: string, env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', RUNNER], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d) => {
      this.stray += d;
    });
    this.child.stderr?.on('data', (d) => {
      this.stray += d;
    });
    const results = createInterface({ input: this.child.stdio[3] as Readable });
    results.on('line', (line) => this.waiting.shift()?.(JSON.parse(line) as CliResult));
    this.child.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w({ code: code ?? -1, stdout: '', stderr: this.stray });
    });
  }

  /** `opsbot ...args`, after every command line given before it has finished. */
  run(...args: string[]): Promise<CliResult> {
    const next = this.queue.then(
      () =>
        new Promise<CliResult>((resolve) => {
          this.waiting.push(resolve);
          this.child.stdin?.write(`${JSON.stringify({ args })}\n`);
        }),
    );
    this.queue = next;
    return next;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin?.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}
