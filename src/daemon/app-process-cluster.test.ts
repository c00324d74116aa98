import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AppInit } from '../contracts/app-ipc.ts';
import { systemClock } from '../platform/clock.ts';
import { silentLogger } from '../platform/log.ts';
import { LogFile } from '../platform/log-file.ts';
import { AppProcess } from './app-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-appcluster-'));
const processes: AppProcess[] = [];

/** An app that writes what it saw (start, each run's occurrence) to a file beside it. */
function app(name: string, body: string): string {
  const file = path.join(dir, `${name}.ts`);
  const seen = path.join(dir, `${name}.seen`);
  writeFileSync(
    file,
    `import { appendFileSync } from 'node:fs';\nimport { defineApp } from 'opsbot';\n` +
      `const seen = (line: string) => appendFileSync(${JSON.stringify(seen)}, line + '\\n');\n` +
      `export default defineApp({ ${body} });\n`,
  );
  return file;
}

const seen = (name: string): string[] => {
  try {
    return readFileSync(path.join(dir, `${name}.seen`), 'utf8')
      .trim()
      .split('\n');
  } catch {
    return [];
  }
};

function proc(module: string, cluster?: AppInit['cluster']) {
  let standby = 0;
  const p = new AppProcess({
    init: {
      app: path.basename(module, '.ts'),
      module,
      options: {},
      timezone: 'UTC',
      logLevel: 'info',
      ...(cluster ? { cluster } : {}),
    },
    output: new LogFile(path.join(dir, `${path.basename(module)}.log`)),
    stopTimeout: 5000,
    clock: systemClock,
    log: silentLogger(),
    hostCall: async (method) => (method === 'kv.list' ? [] : undefined),
    onReady: () => {},
    onState: () => {},
    onStandby: () => {
      standby += 1;
    },
    onCrash: () => {},
  });
  processes.push(p);
  return { p, standbys: () => standby };
}

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AppProcess in cluster mode', () => {
  it('a singleton app (it has start) waits in standby and calls start() only after lead()', async () => {
    const { p, standbys } = proc(app('listener', `async start() { seen('start'); }`), {});
    await p.start();
    expect(p.state).toBe('standby');
    expect(standbys()).toBe(1);
    expect(seen('listener')).toEqual([]);
    expect(await p.run(1)).toEqual({ ok: false, error: 'app is standby' });
    p.lead();
    for (let i = 0; i < 100 && p.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(p.state).toBe('running');
    expect(p.ready?.singleton).toBe(true);
    expect(seen('listener')).toEqual(['start']);
  });

  it('config singleton: false starts a listener everywhere; an app without start is not a singleton', async () => {
    const forced = proc(app('everywhere', `async start() { seen('start'); }`), { singleton: false });
    const plain = proc(app('plain', `async run() {}`), {});
    await Promise.all([forced.p.start(), plain.p.start()]);
    expect([forced.p.state, plain.p.state]).toEqual(['running', 'running']);
    expect([forced.p.ready?.singleton, plain.p.ready?.singleton]).toEqual([false, false]);
    expect(forced.standbys() + plain.standbys()).toBe(0);
  });

  it('defineApp({ singleton: true }) holds even a run-only app in standby; outside a cluster nothing waits', async () => {
    const module = app('declared', `singleton: true, async run() {}`);
    const clustered = proc(module, {});
    const local = proc(module);
    await Promise.all([clustered.p.start(), local.p.start()]);
    expect([clustered.p.state, local.p.state]).toEqual(['standby', 'running']);
    expect(local.p.ready?.singleton).toBe(false);
  });

  it('a run knows its occurrence (ctx.occurrence), null for a manual run', async () => {
    const { p } = proc(
      app('occ', `async run(ctx) { seen(ctx.occurrence ? ctx.occurrence.toISOString() : 'null'); }`),
    );
    await p.start();
    expect(await p.run(1, { occurrence: Date.parse('2026-12-05T01:02:03Z') })).toEqual({ ok: true });
    expect(await p.run(2)).toEqual({ ok: true });
    expect(seen('occ')).toEqual(['2026-12-05T01:02:03.000Z', 'null']);
  });
});
