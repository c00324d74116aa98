// "Lighter and faster": the figures that are not measured by another benchmark of their own. The CLI's
// start-up (`opsbot --help` beside `node -e 0`), and the last `make test` duration, which is too long
// to run inside the bench: scripts/run-tests leaves it in .cache/last-test-run.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN } from '../test/helpers/cli.ts';
import { isMain, ROOT } from './lib.ts';
import { median, wallTimes } from './timing.ts';

const CLI_RUNS = 8;
export const TEST_RUN_FILE = path.join(ROOT, '.cache', 'last-test-run.json');

export interface CliStartupResult {
  /** `bin/opsbot --help`, one sample per run. */
  helpMs: number[];
  /** `node -e 0` with the same Node: the least any Node CLI can take on this machine. */
  nodeMs: number[];
}

export async function benchCliStartup(): Promise<CliStartupResult> {
  const helpMs = await wallTimes({ command: BIN, args: ['--help'], cwd: ROOT }, CLI_RUNS);
  const nodeMs = await wallTimes({ command: process.execPath, args: ['-e', '0'], cwd: ROOT }, CLI_RUNS);
  return { helpMs, nodeMs };
}

/** What scripts/run-tests writes when `make test` ends. */
export interface TestRun {
  /** ISO times. */
  started: string;
  ended: string;
  seconds: number;
  passed: boolean;
  commit?: string;
}

/** The last `make test` run, or undefined when none was recorded in this checkout. */
export function lastTestRun(file = TEST_RUN_FILE): TestRun | undefined {
  if (!existsSync(file)) return undefined;
  const run = JSON.parse(readFileSync(file, 'utf8')) as Partial<TestRun>;
  if (typeof run.seconds !== 'number' || typeof run.passed !== 'boolean' || !run.ended)
    throw new Error(`${file} is not a test run record (seconds, passed, ended)`);
  return run as TestRun;
}

if (isMain(import.meta.url)) {
  const r = await benchCliStartup();
  process.stdout.write(
    `opsbot --help median ${median(r.helpMs).toFixed(0)} ms; node -e 0 median ${median(r.nodeMs).toFixed(0)} ms\n`,
  );
}
