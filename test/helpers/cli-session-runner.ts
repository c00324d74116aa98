/**
 * One CLI process for many command lines: reads `{"args":[…]}` lines on stdin, runs each through
 * `runCli` in turn, and writes `{"code","stdout","stderr"}` per line to fd 3. What a command
 * prints through process.stdout/stderr is captured per command; anything written around them
 * (straight to fd 1 or 2) still reaches the parent's pipes.
 */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { CLI_MAIN, SDK_REGISTER } from './runtime.ts';

await import(pathToFileURL(SDK_REGISTER).href);
const { runCli } = (await import(pathToFileURL(CLI_MAIN).href)) as typeof import('../../src/cli/main.ts');

type Write = typeof process.stdout.write;

async function capture(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const into = (key: 'stdout' | 'stderr'): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      out[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as Write;
  process.stdout.write = into('stdout');
  process.stderr.write = into('stderr');
  process.exitCode = undefined;
  try {
    const code = await runCli(args);
    return { code, ...out };
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.exitCode = undefined;
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { args } = JSON.parse(line) as { args: string[] };
  writeSync(3, `${JSON.stringify(await capture(args))}\n`);
}
process.exit(0);
