import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, Project } from '../helpers/cli.ts';

/** An app that imports the shared helper (or not); `mark` makes a code-only difference. */
const app = (mark: string, shared: boolean) => `import { defineApp } from 'opsbot';
${shared ? "import { greeting } from './lib/shared.ts';\n" : ''}export const mark = '${mark}';
export default defineApp({ async start() {} });
`;

const CONFIG = [
  'timezone: UTC',
  'dataDir: ./data',
  'http: { port: 0 }',
  'apps:',
  '  alpha: { use: ./alpha.ts }',
  '  beta: { use: ./beta.ts }',
  '  gamma: { use: ./gamma.ts }',
].join('\n');

describe('reload restarts exactly the apps whose code changed', () => {
  const project = new Project('opsbot-reload-code-');
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
    expect((await project.run('start')).code).toBe(0);
  });
  afterAll(() => project.cleanup());

  it("an edit to one app's file restarts that app only", async () => {
    const before = await pids();
    project.write('gamma.ts', app('2', false));
    expect(await reload()).toEqual({ restarted: ['gamma'], unchanged: ['alpha', 'beta'] });
    const after = await pids();
    expect(after.gamma).not.toBe(before.gamma);
    expect(alive(after.gamma)).toBe(true);
    expect([after.alpha, after.beta]).toEqual([before.alpha, before.beta]);
  });

  it('an edit to a shared helper restarts exactly the apps that import it', async () => {
    const before = await pids();
    project.write('lib/shared.ts', "export const greeting = 'hi';\n");
    expect(await reload()).toEqual({ restarted: ['alpha', 'beta'], unchanged: ['gamma'] });
    const after = await pids();
    expect(after.gamma).toBe(before.gamma);
    expect(after.alpha).not.toBe(before.alpha);
    expect(after.beta).not.toBe(before.beta);
  });

  it('a reload with nothing changed restarts nothing', async () => {
    expect(await reload()).toEqual({ restarted: [], unchanged: ['alpha', 'beta', 'gamma'] });
  });
});
