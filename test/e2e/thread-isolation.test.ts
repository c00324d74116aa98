import { afterAll, describe, expect, it } from 'vitest';
import { alive, Project, until } from '../helpers/cli.ts';

const APP = `import { defineApp } from 'opsbot';
export default defineApp({ async start(ctx) { ctx.onCommand('ping', (cmd) => cmd.reply('pong')); } });
`;

const CONFIG = [
  'timezone: UTC',
  'dataDir: ./data',
  'http: { port: 0 }',
  'isolation: thread',
  'apps:',
  '  one: { use: ./app.ts }',
  '  two: { use: ./app.ts }',
  '  own: { use: ./app.ts, isolation: process }',
].join('\n');

describe('isolation: thread through the real CLI', () => {
  const project = new Project('opsbot-thread-isolation-');
  afterAll(() => project.cleanup());

  it('thread apps share one host process apart from the daemon; an app may keep its own process', async () => {
    project.write('app.ts', APP);
    project.write('opsbot.yaml', CONFIG);
    expect((await project.run('start')).code).toBe(0);
    // Waited for here, not by start: whether start waits for the apps is not what this test is about.
    const status = await until('apps running', async () => {
      const s = await project.status();
      return s.apps.every((a) => a.state === 'running') && s;
    });
    const pid = Object.fromEntries(status.apps.map((a) => [a.app, a.pid]));
    expect(status.apps.map((a) => a.app)).toEqual(['one', 'two', 'own']);
    expect(pid.one).toBe(pid.two);
    expect(new Set([status.pid, pid.one, pid.own]).size).toBe(3);
  });

  it('kill -9 of the daemon ends the host and every app: none outlives it unsupervised', async () => {
    const status = await project.status();
    process.kill(status.pid, 'SIGKILL');
    await until('apps gone', () => status.apps.every((a) => !alive(a.pid)));
    expect(status.apps.filter((a) => alive(a.pid))).toEqual([]);
  });
});
