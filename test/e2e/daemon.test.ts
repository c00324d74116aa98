import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, Project, processesMentioning, until } from '../helpers/cli.ts';

const APP = `import { defineApp, z } from 'opsbot';
export default defineApp({
  options: z.object({ label: z.string() }),
  async start(ctx) {
    const timer = setInterval(() => {}, 1000);
    ctx.signal.addEventListener('abort', () => clearInterval(timer));
  },
  async run(ctx) {
    await ctx.notify('sandbox/channel/e2e', ctx.options.label);
  },
});
`;

function config(apps: Record<string, string>): string {
  const lines = Object.entries(apps).map(
    ([name, label]) => `  ${name}:\n    use: ./worker.ts\n    with: { label: ${label} }`,
  );
  return `timezone: UTC\ndataDir: ./data\nhttp: { port: 0 }\nrestart: { backoff: 300ms }\napps:\n${lines.join('\n')}\n`;
}

const pidsOf = (s: Awaited<ReturnType<Project['status']>>) =>
  Object.fromEntries(s.apps.map((a) => [a.app, a.pid]));

describe('daemon lifecycle through the real CLI', () => {
  const project = new Project();

  beforeAll(() => {
    project.write('worker.ts', APP);
    project.write('opsbot.yaml', config({ alpha: 'one', beta: 'two', gamma: 'three' }));
  });
  afterAll(() => project.cleanup());

  it('start returns once healthy and status --json lists the apps with live pids', async () => {
    const started = await project.run('start', '--wait');
    expect(started.stderr).toMatch(/opsbot is running at http:\/\/127\.0\.0\.1:\d+/);
    expect(started.code).toBe(0);
    const status = await until('all apps running', async () => {
      const s = await project.status();
      return s.apps.every((a) => a.state === 'running') && s;
    });
    expect(status.apps.map((a) => a.app).sort()).toEqual(['alpha', 'beta', 'gamma']);
    for (const app of status.apps) {
      expect(alive(app.pid)).toBe(true);
      expect(app.restarts).toBe(0);
    }
    expect(alive(status.pid)).toBe(true);
  });

  it('kill -9 of one app brings it back with restarts=1; the others keep their pids', async () => {
    const before = pidsOf(await project.status());
    process.kill(before.beta!, 'SIGKILL');
    const after = await until('beta restarted', async () => {
      const s = await project.status();
      const beta = s.apps.find((a) => a.app === 'beta');
      return beta?.state === 'running' && beta.pid !== before.beta && s;
    });
    const beta = after.apps.find((a) => a.app === 'beta')!;
    expect(beta.restarts).toBe(1);
    expect(alive(beta.pid)).toBe(true);
    expect(pidsOf(after).alpha).toBe(before.alpha);
    expect(pidsOf(after).gamma).toBe(before.gamma);
  });

  it("reload after editing one app's with: restarts only that app", async () => {
    const before = pidsOf(await project.status());
    project.write('opsbot.yaml', config({ alpha: 'one', beta: 'two', gamma: 'changed' }));
    const reload = await project.run('reload', '--json');
    expect(reload.code).toBe(0);
    expect(JSON.parse(reload.stdout)).toMatchObject({ restarted: ['gamma'], started: [], stopped: [] });
    const after = pidsOf(await project.status());
    expect(after.alpha).toBe(before.alpha);
    expect(after.beta).toBe(before.beta);
    expect(after.gamma).not.toBe(before.gamma);
    expect(alive(after.gamma)).toBe(true);
    expect(alive(before.gamma)).toBe(false);
  });

  it('reload after removing an app stops its process', async () => {
    const before = pidsOf(await project.status());
    project.write('opsbot.yaml', config({ alpha: 'one', gamma: 'changed' }));
    const reload = await project.run('reload', '--json');
    expect(JSON.parse(reload.stdout)).toMatchObject({ stopped: ['beta'], restarted: [], started: [] });
    await until('beta process gone', () => !alive(before.beta));
    const after = await project.status();
    expect(after.apps.map((a) => a.app).sort()).toEqual(['alpha', 'gamma']);
    expect(pidsOf(after).alpha).toBe(before.alpha);
  });

  it('run APP runs the job once and records the outcome', async () => {
    const run = await project.run('run', 'alpha', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ app: 'alpha', outcome: 'ok', error: null });
    const status = await project.status();
    expect(status.apps.find((a) => a.app === 'alpha')?.lastRun?.outcome).toBe('ok');
  });

  it('stop leaves no opsbot process', async () => {
    const status = await project.status();
    const stop = await project.run('stop');
    expect(stop.code).toBe(0);
    expect(alive(status.pid)).toBe(false);
    for (const app of status.apps) expect(alive(app.pid)).toBe(false);
    expect(processesMentioning(project.dir)).toEqual([]);
    const after = await project.run('status');
    expect(after.code).toBe(1);
    expect(after.stderr.trim()).toBe('opsbot: opsbot is not running');
  });
});
