import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { processAlive } from '../../platform/process-alive.ts';
import { AppProcess, type AppProcessOptions } from '../app-process.ts';
import { testAppOptions } from '../testing/app-process-options.ts';
import { until } from '../testing/until.ts';
import { threadHost } from './thread-host.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'opsbot-threads-'));
const apps: AppProcess[] = [];

function threadApp(name: string, body: string, options: Partial<AppProcessOptions> = {}) {
  const module = path.join(dir, `${name}.ts`);
  writeFileSync(module, `import { defineApp } from 'opsbot';\nexport default defineApp(${body});\n`);
  const lines: string[] = [];
  const p = new AppProcess(
    testAppOptions(name, module, {
      output: { write: (line) => lines.push(line) },
      isolation: 'thread',
      ...options,
    }),
  );
  apps.push(p);
  return { p, lines };
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isolation: thread', () => {
  it('apps share one host process; a stuck app is ended without touching the other', async () => {
    const { p: stuck } = threadApp('spins', `{ async run() { while (true) {} } }`);
    const { p: calm, lines } = threadApp(
      'calm',
      `{ async run(ctx) { ctx.log.info('logged by ctx.log'); console.log('printed by console.log'); } }`,
    );
    await Promise.all([stuck.start(), calm.start()]);
    expect(stuck.pid).toBe(calm.pid);
    expect(stuck.pid).toBe(threadHost.pid);
    void stuck.run(1);
    stuck.kill('run 1 timed out after 1s');
    await until(() => stuck.state === 'backoff');
    expect(stuck.restartReason).toBe('run 1 timed out after 1s (killed by SIGKILL)');
    // The busy loop ran on its own thread: the other app answers as before, and writes to its own log.
    expect(await calm.run(2)).toEqual({ ok: true });
    await until(() => lines.length === 2);
    expect(JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}')).toMatchObject({
      name: 'calm',
      msg: 'logged by ctx.log',
    });
    expect(lines).toContain('printed by console.log');
    expect(calm.state).toBe('running');
  });

  it("an app's thread sees only its own environment, not the daemon's", async () => {
    process.env.DAEMON_ONLY_SECRET = 'daemon-secret';
    const { p } = threadApp(
      'env',
      `{ actions: { env: async () => ({ secret: process.env.DAEMON_ONLY_SECRET ?? null, own: process.env.GIVEN, app: process.env.OPSBOT_APP }) } }`,
      { env: { GIVEN: 'by-config' } },
    );
    try {
      await p.start();
      expect(await p.action('env', {})).toEqual({
        ok: true,
        value: { secret: null, own: 'by-config', app: 'env' },
      });
    } finally {
      delete process.env.DAEMON_ONLY_SECRET;
    }
  });

  it('when the host process dies, every app in it restarts with its own backoff, in a new host', async () => {
    const { p: a } = threadApp('first', `{ async start() {} }`);
    const { p: b } = threadApp('second', `{ async start() {} }`);
    await Promise.all([a.start(), b.start()]);
    const host = a.pid!;
    process.kill(host, 'SIGKILL');
    await until(() => a.restarts === 1 && b.restarts === 1 && a.state === 'running' && b.state === 'running');
    const reason = 'the app host process killed by SIGKILL, ending every thread app in it';
    expect([a.restartReason, b.restartReason]).toEqual([reason, reason]);
    expect(a.pid).toBe(b.pid);
    expect(a.pid).not.toBe(host);
  });

  it('the host process ends with the last thread app', async () => {
    const { p } = threadApp('last', `{ async start() {} }`);
    await p.start();
    const host = p.pid!;
    await p.stop();
    expect(threadHost.pid).toBe(null);
    await until(() => !processAlive(host));
  });
});
