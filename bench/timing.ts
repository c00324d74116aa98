// Wall time of commands as a user runs them: a fresh process each time, start to exit.
import { type CliResult, runProcess } from '../test/helpers/cli.ts';

export interface Timed {
  ms: number;
  result: CliResult;
}

export interface Command {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export async function timed(c: Command): Promise<Timed> {
  const t0 = performance.now();
  const result = await runProcess(c.command, c.args, { cwd: c.cwd, env: c.env });
  return { ms: performance.now() - t0, result };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** `runs` wall times of a command run one after another; any failing run fails the lot. */
export async function wallTimes(c: Command, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await timed(c);
    if (t.result.code !== 0)
      throw new Error(
        `${c.command} ${c.args.join(' ')} failed (${t.result.code}): ${t.result.stderr.trim()}`,
      );
    times.push(t.ms);
  }
  return times;
}
