import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, Project, processesMentioning, until } from '../helpers/cli.ts';

const APP = `import { defineApp, z } from 'opsbot';
export default defineApp({ options: z.object({ n: z.number().default(1) }), async start() {} });
`;

let project: Project;

function fresh(config: string): Project {
  project = new Project();
  project.write('app.ts', APP);
  project.write('opsbot.yaml', config);
  return project;
}

/** Nothing may be left behind by a start that failed. */
function expectNothingStarted(p: Project): void {
  expect(existsSync(p.path('data', 'opsbot.sock'))).toBe(false);
  expect(existsSync(p.path('data', 'opsbot.pid'))).toBe(false);
  expect(processesMentioning(p.dir)).toEqual([]);
}

const OK = 'dataDir: ./data\nhttp: { port: 0 }\napps:\n  one:\n    use: ./app.ts\n';

describe('bad input gets one clear line and the right exit code', () => {
  afterEach(() => project?.cleanup());

  it('malformed YAML: exit 1, the line number, nothing started', async () => {
    const p = fresh('dataDir: ./data\napps:\n  one:\n    use: [./app.ts\n    with: {}\n');
    const r = await p.run('start', '--wait');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^opsbot: opsbot\.yaml:\d+: /);
    expectNothingStarted(p);
  });

  it('config check lists every error with path and line, exit 1', async () => {
    const p = fresh(
      'dataDir: ./data\nbogus: 1\napps:\n  one:\n    use: ./app.ts\n    schedule: "every day"\n',
    );
    const r = await p.run('config', 'check');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('opsbot.yaml:2: bogus:');
    expect(r.stdout).toContain('opsbot.yaml:6: apps.one.schedule:');
  });

  it('an app file that does not exist: exit 1 naming apps.<name>.use', async () => {
    const p = fresh('dataDir: ./data\nhttp: { port: 0 }\napps:\n  one:\n    use: ./missing.ts\n');
    const r = await p.run('start', '--wait');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('opsbot: opsbot.yaml:5: apps.one.use: app file not found: ./missing.ts');
    expectNothingStarted(p);
  });

  it('invalid app options are caught before start', async () => {
    const p = fresh(
      'dataDir: ./data\nhttp: { port: 0 }\napps:\n  one:\n    use: ./app.ts\n    with: { n: lots }\n',
    );
    const r = await p.run('start', '--wait');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apps.one.with');
    expect(r.stderr).toContain('with.n');
    expectNothingStarted(p);
  });

  it('a missing secret names the reference: exit 1', async () => {
    const p = fresh(`${OK}connections:\n  hook: { type: webhook, url: "\${env:OPSBOT_E2E_MISSING_URL}" }\n`);
    const r = await p.run('start', '--wait');
    expect(r.code).toBe(1);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the reference itself, as written in the YAML
    expect(r.stderr).toContain('${env:OPSBOT_E2E_MISSING_URL}');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expectNothingStarted(p);
  });

  it('an unknown app: exit 2', async () => {
    const p = fresh(OK);
    expect((await p.run('start', '--wait')).code).toBe(0);
    const restart = await p.run('restart', 'nope');
    expect(restart.code).toBe(2);
    expect(restart.stderr.trim()).toBe('opsbot: unknown app "nope" (not in the config)');
    const logs = await p.run('logs', 'nope');
    expect(logs.code).toBe(2);
    expect(logs.stderr).toContain('unknown app "nope"');
  });

  it('a port in use: exit 1, nothing left running or behind', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const p = fresh(OK.replace('port: 0', `port: ${port}`));
      const r = await p.run('start', '--wait');
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`opsbot: port ${port} on 127.0.0.1 is in use (http.port)`);
      expectNothingStarted(p);
      // Nothing behind either: no dataDir, so no store, master key or log files.
      expect(existsSync(p.path('data'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('start while already running: exit 1 and the first daemon is untouched', async () => {
    const p = fresh(OK);
    expect((await p.run('start', '--wait')).code).toBe(0);
    const first = await p.status();
    const again = await p.run('start', '--wait');
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`opsbot: opsbot is already running (pid ${first.pid}, ${first.url})`);
    expect((await p.status()).pid).toBe(first.pid);
  });

  it('a stale socket left by kill -9 of the daemon: start cleans it and starts', async () => {
    const p = fresh(OK);
    expect((await p.run('start', '--wait')).code).toBe(0);
    const first = await p.status();
    process.kill(first.pid, 'SIGKILL');
    // Apps notice their daemon is gone (IPC disconnect) and exit by themselves.
    await until('apps gone', () => first.apps.every((a) => !alive(a.pid)));
    expect(existsSync(p.path('data', 'opsbot.sock'))).toBe(true);
    const status = await p.run('status');
    expect(status.code).toBe(1);
    expect(status.stderr.trim()).toBe('opsbot: opsbot is not running');
    const start = await p.run('start', '--wait');
    expect(start.code).toBe(0);
    expect(start.stderr).toContain('removed a stale control socket');
    const second = await p.status();
    expect(second.pid).not.toBe(first.pid);
    expect(second.apps[0]?.state).toBe('running');
  });
});
