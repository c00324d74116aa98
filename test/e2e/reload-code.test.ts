import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, Project } from '../helpers/cli.ts';

/**
 * An app that imports the shared helper (or not); `mark` makes a code-only difference. Each start
 * adds its name to data/starts.log: thread apps share the host's pid, so pids cannot tell a restart.
 */
const app = (mark: string, shared: boolean) => `import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineApp } from 'opsbot';
${shared ? "import { greeting } from './lib/shared.ts';\n" : ''}export const mark = '${mark}';
export default defineApp({
  async start() { appendFileSync(join(process.env.OPSBOT_DATA_DIR ?? '.', 'starts.log'), process.env.OPSBOT_APP + '\\n'); },
});
`;

const config = (isolation: string) =>
  [
    'timezone: UTC',
    `isolation: ${isolation}`,
    'dataDir: ./data',
    'http: { port: 0 }',
    'apps:',
    '  alpha: { use: ./alpha.ts }',
    '  beta: { use: ./beta.ts }',
    '  gamma: { use: ./gamma.ts }',
  ].join('\n');

const ISOLATIONS = ['process', 'thread'];

describe.each(ISOLATIONS)('reload restarts exactly the apps whose code changed (%s)', (isolation) => {
  const project = new Project(`opsbot-reload-code-${isolation}-`);
  const CONFIG = config(isolation);
  /** How often each app has started so far. */
  const starts = () => {
    const names = readFileSync(project.path('data', 'starts.log'), 'utf8').trim().split('\n');
    return Object.fromEntries(
      ['alpha', 'beta', 'gamma'].map((n) => [n, names.filter((m) => m === n).length]),
    );
  };
  const pids = async () => Object.fromEntries((await project.status()).apps.map((a) => [a.app, a.pid]));
  const reload = async () => {
    const r = await project.run('reload', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { restarted: string[]; unchanged: string[] };
    return { restarted: [...report.restarted].sort(), unchanged: [...report.unchanged].sort() };
  };

  beforeAll(async () => {
    mkdirSync(project.path('lib'));
    project.write('lib/shared.ts', "export const greeting = 'hello';\n");
    project.write('alpha.ts', app('1', true));
    project.write('beta.ts', app('1', true));
    project.write('gamma.ts', app('1', false));
    project.write('opsbot.yaml', CONFIG);
    expect((await project.run('start', '--wait')).code).toBe(0);
  });
  afterAll(() => project.cleanup());

  it("an edit to one app's file restarts that app only", async () => {
    const before = starts();
    project.write('gamma.ts', app('2', false));
    expect(await reload()).toEqual({ restarted: ['gamma'], unchanged: ['alpha', 'beta'] });
    expect(starts()).toEqual({ ...before, gamma: before.gamma! + 1 });
    const pid = await pids();
    expect(alive(pid.gamma)).toBe(true);
    // Threads all live in the one host process; processes each have their own.
    expect(new Set(Object.values(pid)).size).toBe(isolation === 'thread' ? 1 : 3);
  });

  it('an edit to a shared helper restarts exactly the apps that import it', async () => {
    const before = starts();
    project.write('lib/shared.ts', "export const greeting = 'hi';\n");
    expect(await reload()).toEqual({ restarted: ['alpha', 'beta'], unchanged: ['gamma'] });
    expect(starts()).toEqual({ alpha: before.alpha! + 1, beta: before.beta! + 1, gamma: before.gamma });
  });

  it('a reload with nothing changed restarts nothing', async () => {
    expect(await reload()).toEqual({ restarted: [], unchanged: ['alpha', 'beta', 'gamma'] });
  });

  it('a change of the global isolation restarts the apps that follow it, in the other isolation', async () => {
    const other = isolation === 'thread' ? 'process' : 'thread';
    project.write('opsbot.yaml', `${config(other)}\n  delta: { use: ./gamma.ts, isolation: ${isolation} }`);
    const r = await project.run('reload', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({
      restarted: ['alpha', 'beta', 'gamma'],
      started: ['delta'],
    });
    const pid = await pids();
    expect(new Set([pid.alpha, pid.beta, pid.gamma]).size).toBe(other === 'thread' ? 1 : 3);
    expect([pid.alpha, pid.beta, pid.gamma]).not.toContain(pid.delta);
  });
});
