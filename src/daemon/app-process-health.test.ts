import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppProcess, type AppProcessOptions, type Isolation } from './app-process.ts';
import { testAppOptions } from './testing/app-process-options.ts';
import { until } from './testing/until.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-apphealth-'));
const processes: AppProcess[] = [];

function proc(
  isolation: Isolation,
  name: string,
  body: string,
  options: Partial<AppProcessOptions> = {},
): AppProcess {
  const module = path.join(dir, `${isolation}-${name}.ts`);
  writeFileSync(module, `import { defineApp } from 'opsbot';\nexport default defineApp(${body});\n`);
  const p = new AppProcess(
    testAppOptions(name, module, { restart: { backoff: 60_000, maxBackoff: 60_000 }, isolation, ...options }),
  );
  processes.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How a heap-limit stop reads after the reason: V8 aborts a process; the host reports a thread's as code 134. */
const HEAP_STOP = { process: 'killed by SIGABRT', thread: 'exited with code 134' };

describe.each(['process', 'thread'] as const)('AppProcess health (isolation: %s)', (isolation) => {
  it('kill() ends a stuck app and says why; the reason outlives the restart', async () => {
    const p = proc(isolation, 'stuck', `{ async run() { while (true) {} } }`);
    await p.start();
    void p.run(1);
    p.kill('run 1 timed out after 1s');
    await until(() => p.state === 'backoff');
    expect(p.restartReason).toBe('run 1 timed out after 1s (killed by SIGKILL)');
  });

  it('an event loop blocked past unresponsiveAfter shows unresponsive, then recovers', async () => {
    const p = proc(
      isolation,
      'blocks',
      `{ async start() { setTimeout(() => { const end = Date.now() + 1500; while (Date.now() < end) {} }, 100); } }`,
      { unresponsiveAfter: 400 },
    );
    await p.start();
    await until(() => p.unresponsive);
    await until(() => !p.unresponsive);
    expect(p.state).toBe('running');
  });

  it('a heap over memoryLimit is restarted with that reason', async () => {
    const p = proc(
      isolation,
      'leaks',
      `{ async run() { const a = []; while (true) a.push(new Array(10000).fill({ x: 1 })); } }`,
      { memoryLimitMb: 48 },
    );
    await p.start();
    const result = await p.run(1);
    expect(result).toMatchObject({ ok: false, crashed: true });
    await until(() => p.state === 'backoff');
    expect(p.restartReason).toBe(`heap went over memoryLimit (48MB) (${HEAP_STOP[isolation]})`);
  });
});

describe('AppProcess health (isolation: process)', () => {
  it('a process that cannot be spawned is crashed with the reason, not a ghost starting app', async () => {
    // Node refuses to spawn with a NUL byte in the environment: a spawn that fails synchronously.
    const p = proc('process', 'badenv', `{ async start() {} }`, { env: { BROKEN: 'a\0b' } });
    await p.start();
    expect(p.state).toBe('crashed');
    expect(p.lastError).toMatch(/^could not start the app process: .*without null bytes/);
  });
});
