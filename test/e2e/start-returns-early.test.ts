import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';

// start() takes a while: `opsbot start` must not wait for it, and a run asked for meanwhile waits.
const SLOW = `import { defineApp } from 'opsbot';
export default defineApp({
  async start() {
    await new Promise((r) => setTimeout(r, 2000));
  },
  async run(ctx) {
    ctx.log.info('ran after start');
  },
});
`;

describe('opsbot start returns once the daemon answers, before its apps are up', () => {
  const project = new Project('opsbot-early-');

  beforeAll(() => {
    project.write('slow.ts', SLOW);
    project.write(
      'opsbot.yaml',
      'timezone: UTC\ndataDir: ./data\nhttp: { port: 0 }\napps:\n  slow:\n    use: ./slow.ts\n',
    );
  });
  afterAll(() => project.cleanup());

  it('says the app is still starting, and a run asked for meanwhile waits for it', async () => {
    const started = await project.run('start');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).toContain('opsbot: 1 of 1 apps still starting; opsbot status shows them');
    const ran = await project.run('run', 'slow', '--json');
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ app: 'slow', outcome: 'ok' });
    const status = await project.status();
    expect(status.apps[0]).toMatchObject({ app: 'slow', state: 'running' });
  });

  it('start --wait returns only once every app is running', async () => {
    expect((await project.run('stop')).code).toBe(0);
    const started = await project.run('start', '--wait');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).not.toContain('still starting');
    expect((await project.status()).apps[0]).toMatchObject({ app: 'slow', state: 'running' });
    expect((await project.run('stop')).code).toBe(0);
  });
});
