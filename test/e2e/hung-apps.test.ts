import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, until } from '../helpers/cli.ts';

const HANG = `import { defineApp } from 'opsbot';
export default defineApp({
  async run() { while (true) {} },
});
`;
const TICKER = `import { defineApp, z } from 'opsbot';
export default defineApp({
  options: z.object({ n: z.number().default(1) }),
  async run() {},
});
`;
const LOOP = `import { defineApp } from 'opsbot';
export default defineApp({ async start() { throw new Error('boom at start'); } });
`;
// Exit code 78 (a bad module): crashed, not restarted, until something changes.
const GIVES_UP = `import { defineApp } from 'opsbot';
export default defineApp({
  async start() { throw Object.assign(new Error('not configured'), { code: 'APP_MODULE' }); },
});
`;

const SLOW_START = `import { defineApp } from 'opsbot';
export default defineApp({ start: () => new Promise(() => {}) });
`;
const LEAKY = `import { defineApp } from 'opsbot';
export default defineApp({
  async run() { const a = []; while (true) a.push(new Array(1000000).fill(0.5)); },
});
`;
// Blocks its event loop until the test creates data/release (no heartbeats meanwhile), so the
// test sees it unresponsive however slow the machine is.
const BLOCKER = `import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineApp } from 'opsbot';
export default defineApp({
  async run() { const flag = join(process.env.OPSBOT_DATA_DIR, 'release'); while (!existsSync(flag)) {} },
});
`;

// The isolation comes last, so the lines that errors name are the same for both.
const configFor = (isolation: string, tickerWith = '{}') => `timezone: UTC
dataDir: ./data
http: { port: 0 }
restart: { backoff: 300ms, maxBackoff: 1s }
timeouts: { run: 1 }
targets: { admin: sandbox/channel/ops }
apps:
  hang:
    use: ./hang.ts
  ticker:
    use: ./ticker.ts
    schedule: "* * * * * *"
    with: ${tickerWith}
  loop:
    use: ./loop.ts
  gives-up:
    use: ./gives-up.ts
  slow-start:
    use: ./slow-start.ts
    timeouts: { start: 1s }
  leaky:
    use: ./leaky.ts
    memoryLimit: 64MB
    timeouts: { run: 20s }   # the heap limit, not the run timeout, is what must end its runs
  blocker:
    use: ./blocker.ts
    timeouts: { run: 20s, unresponsive: 1s }
isolation: ${isolation}
`;

type Status = Awaited<ReturnType<Project['status']>>;
const appOf = (s: Status, name: string) =>
  s.apps.find((a) => a.app === name) as Status['apps'][number] & { restartReason: string | null };

/** How a heap-limit stop reads: V8 aborts a process; the app host reports a thread's as code 134. */
const HEAP_STOP = { process: 'killed by SIGABRT', thread: 'exited with code 134' };
const ISOLATIONS = ['process', 'thread'] as const;

describe.each(ISOLATIONS)('hung, crashing and stopped apps through the real CLI (%s)', (isolation) => {
  const CONFIG = (tickerWith?: string) => configFor(isolation, tickerWith);
  const project = new Project();
  let startOutput = '';

  beforeAll(async () => {
    project.write('hang.ts', HANG);
    project.write('ticker.ts', TICKER);
    project.write('loop.ts', LOOP);
    project.write('gives-up.ts', GIVES_UP);
    project.write('slow-start.ts', SLOW_START);
    project.write('leaky.ts', LEAKY);
    project.write('blocker.ts', BLOCKER);
    project.write('opsbot.yaml', CONFIG());
    const started = await project.run('start', '--wait');
    expect(started.code, started.stderr).toBe(0);
    startOutput = started.stderr;
  });
  afterAll(() => project.cleanup());

  it('start says which apps are crash-looping or crashed instead of staying silent', () => {
    expect(startOutput).toContain(
      'opsbot: app loop is crash-looping (restarting with backoff): boom at start (exited with code 1)',
    );
    expect(startOutput).toMatch(
      /opsbot: app gives-up crashed and stays down until it is fixed .*not configured/,
    );
    // A start() that never finishes holds `opsbot start` only for timeouts.start.
    expect(startOutput).toContain(
      'opsbot: app slow-start is crash-looping (restarting with backoff): start() did not finish within 1s (killed by SIGKILL)',
    );
  });

  it('crashes go to the admin target, one message per app however often it crash-loops', async () => {
    const payloads = await until('crash messages', async () => {
      const r = await project.run('outbox', 'list', '--json');
      const items = (
        JSON.parse(r.stdout) as { items: Array<{ destination: string; payload: { text: string } }> }
      ).items;
      return items.length >= 3 && items.map((i) => i.payload.text).sort();
    });
    expect(payloads).toEqual([
      'opsbot: app gives-up crashed: not configured (exited with code 78); it stays down until fixed (opsbot restart)',
      'opsbot: app loop crashed: boom at start (exited with code 1); restarting in 300ms',
      'opsbot: app slow-start crashed: start() did not finish within 1s (killed by SIGKILL); restarting in 300ms',
    ]);
  });

  it('a run past timeouts.run is timed-out: exit 1 saying so; the app is killed, restarted, and status says why', async () => {
    const r = await project.run('run', 'hang');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^hang: run \d+ timed-out in 1s — run did not finish within 1s; the app was killed and is restarting\n$/,
    );
    const hang = await until('hang back up', async () => {
      const a = appOf(await project.status(), 'hang');
      return a.state === 'running' && a.restarts === 1 && a;
    });
    expect(hang.restartReason).toMatch(/^run \d+ timed out after 1s \(killed by SIGKILL\)$/);
    expect(hang.lastRun?.outcome).toBe('timed-out');
  });

  it('an app over its memoryLimit is restarted and status says so', async () => {
    const r = await project.run('run', 'leaky');
    expect(r.code).toBe(1);
    const crashed = `^leaky: run \\d+ crashed in .* — app process ${HEAP_STOP[isolation]}\n$`;
    expect(r.stderr).toMatch(new RegExp(crashed));
    const leaky = await until('leaky restarted', async () => {
      const a = appOf(await project.status(), 'leaky');
      return a.restarts === 1 && a.state === 'running' && a;
    });
    expect(leaky.restartReason).toBe(`heap went over memoryLimit (64MB) (${HEAP_STOP[isolation]})`);
  });

  it('an app whose event loop is blocked shows unresponsive, then running again', async () => {
    const run = project.run('run', 'blocker');
    await until(
      'blocker unresponsive',
      async () => appOf(await project.status(), 'blocker').state === 'unresponsive',
    );
    project.write('data/release', '');
    expect((await run).code).toBe(0);
    expect(appOf(await project.status(), 'blocker').state).toBe('running');
  });

  it('stop APP pauses its schedule: no runs, no errors, next run null until start APP', async () => {
    await until('ticker ran', async () => appOf(await project.status(), 'ticker').lastRun?.outcome === 'ok');
    expect((await project.run('stop', 'ticker')).code).toBe(0);
    const stopped = appOf(await project.status(), 'ticker');
    expect(stopped).toMatchObject({ state: 'stopped', nextRun: null });
    // Two ticks of the every-second schedule.
    await new Promise((r) => setTimeout(r, 2100));
    const later = appOf(await project.status(), 'ticker');
    expect(later).toMatchObject({ state: 'stopped', nextRun: null, lastRun: { outcome: 'ok' } });
    expect(later.lastRun).toEqual(stopped.lastRun);
  });

  it('a reload that changes a stopped app keeps it stopped; start APP resumes it', async () => {
    project.write('opsbot.yaml', CONFIG('{ n: 2 }'));
    const r = await project.run('reload', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ paused: ['ticker'] });
    expect(appOf(await project.status(), 'ticker')).toMatchObject({ state: 'stopped', nextRun: null });

    expect((await project.run('start', 'ticker')).code).toBe(0);
    const resumed = appOf(await project.status(), 'ticker');
    expect(resumed.state).toBe('running');
    expect(resumed.nextRun).toEqual(expect.any(Number));
  });

  it('reload refuses a syntax error and a bad with: exactly as start does, and changes nothing', async () => {
    const before = await project.status();
    project.write(
      'hang.ts',
      'import { defineApp } from "opsbot";\nexport default defineApp({\n  async run() { const x = ; },\n});\n',
    );
    project.write('opsbot.yaml', CONFIG('{ n: lots }'));
    const r = await project.run('reload');
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^opsbot\.yaml:9: apps\.hang\.use: syntax error in .*\/hang\.ts:3: /);
    expect(lines[1]).toMatch(/^opsbot\.yaml:13: apps\.ticker\.with: with\.n: /);
    expect(lines[2]).toMatch(/^opsbot: 2 problems in .*opsbot\.yaml; nothing was changed$/);
    const after = await project.status();
    // `loop` and `slow-start` crash-loop on their own; the others keep their processes.
    const looping = ['loop', 'slow-start'];
    const pids = (s: Status) => s.apps.filter((a) => !looping.includes(a.app)).map((a) => [a.app, a.pid]);
    expect(pids(after)).toEqual(pids(before));
  });

  it('a crashed app counts as changed on the next reload', async () => {
    project.write('hang.ts', HANG);
    project.write('opsbot.yaml', CONFIG());
    const r = await project.run('reload', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ restarted: expect.arrayContaining(['gives-up']) });
  });

  it('--version prints the version', async () => {
    const r = await project.run('--version');
    expect(r).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});
