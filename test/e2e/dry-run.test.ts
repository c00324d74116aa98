import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';

/**
 * `opsbot run APP --dry-run` reaches the app as ctx.dryRun, for that run only, and only for an app
 * that declares `dryRun: true`: any other app would do real work, so the run is refused (exit 2).
 */

const APP = `import { defineApp } from 'opsbot';
export default defineApp({
  dryRun: true,
  async run(ctx) { await ctx.notify('sandbox/channel/ops', ctx.dryRun ? 'dry' : 'real'); },
});
`;
const UNAWARE = `import { defineApp } from 'opsbot';
export default defineApp({
  async run(ctx) { await ctx.notify('sandbox/channel/ops', 'did real work'); },
});
`;

describe('run --dry-run', () => {
  const project = new Project('opsbot-dry-run-');
  beforeAll(async () => {
    project.write('job.ts', APP);
    project.write('unaware.ts', UNAWARE);
    project.write(
      'opsbot.yaml',
      'dataDir: ./data\nhttp: { port: 0 }\napps:\n  job: { use: ./job.ts }\n  unaware: { use: ./unaware.ts }\n',
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
  });
  afterAll(() => project.cleanup());

  it('sets ctx.dryRun for the dry run and not for the next one', async () => {
    expect((await project.run('run', 'job', '--dry-run')).code).toBe(0);
    expect((await project.run('run', 'job')).code).toBe(0);
    const list = JSON.parse((await project.run('outbox', 'list', '--json')).stdout) as {
      items: Array<{ payload: { text: string } }>;
    };
    expect(list.items.map((i) => i.payload.text).sort()).toEqual(['dry', 'real']);
  });

  it('refuses a dry run of an app that does not declare dryRun: true, before it runs', async () => {
    const r = await project.run('run', 'unaware', '--dry-run');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('opsbot: unaware does not support --dry-run\n');
    const list = JSON.parse((await project.run('outbox', 'list', '--json')).stdout) as {
      items: Array<{ payload: { text: string } }>;
    };
    expect(list.items.map((i) => i.payload.text)).not.toContain('did real work');
    const unaware = (await project.status()).apps.find((a) => a.app === 'unaware');
    expect(unaware?.lastRun).toBeNull();
  });
});
