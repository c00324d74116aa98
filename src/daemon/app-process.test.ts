import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../engine/metrics.ts';
import { FakeClock } from '../platform/clock.ts';
import { LogFile } from '../platform/log-file.ts';
import { AppProcess, type AppProcessOptions, type AppState, type Isolation } from './app-process.ts';
import { testAppOptions } from './testing/app-process-options.ts';
import { until } from './testing/until.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-appproc-'));
const processes: AppProcess[] = [];

function app(name: string, source: string): string {
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, source);
  return file;
}

function proc(isolation: Isolation, module: string, options: Partial<AppProcessOptions> = {}) {
  const states: AppState[] = [];
  const metrics = new Metrics();
  const p = new AppProcess(
    testAppOptions(path.basename(module, '.ts'), module, {
      output: new LogFile(path.join(dir, `${path.basename(module)}.log`)),
      stopTimeout: 5000,
      onState: (s) => states.push(s),
      onCrash: () => metrics.appRestarts.inc({ app: 'x' }),
      restart: { backoff: 100, maxBackoff: 1000 },
      isolation,
      ...options,
    }),
  );
  processes.push(p);
  return { p, states };
}

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The same supervision holds for an app in a process of its own and in a worker thread of the shared host.
describe.each(['process', 'thread'] as const)('AppProcess (isolation: %s)', (isolation) => {
  it('starts, runs and stops an app', async () => {
    const { p, states } = proc(
      isolation,
      app('ok', `import { defineApp } from 'opsbot';\nexport default defineApp({ async run() {} });\n`),
    );
    await p.start();
    expect(p.state).toBe('running');
    expect(p.pid).toBeGreaterThan(0);
    expect(await p.run(1)).toEqual({ ok: true });
    await p.stop();
    expect(states).toEqual(['starting', 'running', 'stopping', 'stopped']);
    expect(p.lastExit).toEqual({ code: 0, signal: null });
  });

  it('a crash goes to backoff, then comes back with restarts=1', async () => {
    const { p } = proc(
      isolation,
      app(
        'crashy',
        `import { defineApp } from 'opsbot';\nexport default defineApp({ async run() { process.exit(3); } });\n`,
      ),
    );
    await p.start();
    expect(await p.run(1)).toEqual({ ok: false, error: 'app process exited with code 3', crashed: true });
    await until(() => p.state === 'running' && p.restarts === 1);
    expect(p.restarts).toBe(1);
    expect(p.lastExit).toEqual({ code: 3, signal: null });
  });

  it('crash restarts wait 1 s, 2 s, 4 s, … up to maxBackoff (fake clock)', async () => {
    const clock = new FakeClock();
    const { p } = proc(
      isolation,
      app(
        'dies',
        `import { defineApp } from 'opsbot';\nexport default defineApp({ async start() { process.exit(3); } });\n`,
      ),
      { clock, restart: { backoff: 1000, maxBackoff: 5000 } },
    );
    await p.start();
    const delays: number[] = [];
    for (let crash = 1; crash <= 4; crash++) {
      await until(() => p.state === 'backoff' && p.restarts === crash - 1);
      const wait = p.restartAt! - clock.now();
      delays.push(wait);
      // One ms short of the delay nothing happens; at the delay the app is spawned again.
      await clock.advance(wait - 1);
      expect(p.state).toBe('backoff');
      await clock.advance(1);
      expect(p.restarts).toBe(crash);
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000]);
  });

  it('bad options are permanent: crashed, not restarted', async () => {
    const file = app(
      'strict',
      `import { defineApp, z } from 'opsbot';\nexport default defineApp({ options: z.object({ n: z.number() }), async start() {} });\n`,
    );
    const { p } = proc(isolation, file);
    await p.start();
    expect(p.state).toBe('crashed');
    expect(p.lastError).toMatch(/^with\.n: /);
    await new Promise((r) => setTimeout(r, 400));
    expect(p.state).toBe('crashed');
    expect(p.restarts).toBe(0);
  });

  it('a start() that never finishes is killed after startTimeout and retried with backoff', async () => {
    const { p } = proc(
      isolation,
      app(
        'hangs',
        `import { defineApp } from 'opsbot';\nexport default defineApp({ start: () => new Promise(() => {}) });\n`,
      ),
      { startTimeout: 300, restart: { backoff: 60_000, maxBackoff: 60_000 } },
    );
    await p.start();
    expect(p.state).toBe('backoff');
    expect(p.lastError).toContain('start() did not finish within 0.3s');
    expect(p.lastExit?.signal).toBe('SIGKILL');
  });

  it("stop runs the app's stop() once, though the daemon asks by message and by signal", async () => {
    const marks = path.join(dir, `stops-${isolation}.txt`);
    const { p } = proc(
      isolation,
      app(
        `stops-once-${isolation}`,
        `import { appendFileSync } from 'node:fs';\nimport { defineApp } from 'opsbot';\nexport default defineApp({ async start() {}, async stop() { appendFileSync(${JSON.stringify(marks)}, 'stop\\n'); await new Promise((r) => setTimeout(r, 200)); } });\n`,
      ),
    );
    await p.start();
    await p.stop();
    expect(readFileSync(marks, 'utf8')).toBe('stop\n');
    expect(p.lastExit).toEqual({ code: 0, signal: null });
  });

  it('stop escalates to SIGKILL when the app does not exit within stopTimeout', async () => {
    const { p } = proc(
      isolation,
      app(
        'stubborn',
        `import { defineApp } from 'opsbot';\nexport default defineApp({ async start() {}, stop: () => new Promise(() => {}) });\n`,
      ),
      { stopTimeout: 300 },
    );
    await p.start();
    await p.stop();
    expect(p.state).toBe('stopped');
    expect(p.lastExit?.signal).toBe('SIGKILL');
  });
});
