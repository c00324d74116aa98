import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';

/** `opsbot run APP --dry-run` reaches the app as ctx.dryRun, for that run only. */

const APP = `import { defineApp } from 'opsbot';
export default defineApp({
  async run(ctx) { await ctx.notify('sandbox/channel/ops', ctx.dryRun ? 'dry' : 'real'); },
});
`;

describe('run --dry-run', () => {
  const project = new Project('opsbot-dry-run-');
  beforeAll(async () => {
    project.write('job.ts', APP);
    project.write('opsbot.yaml', 'dataDir: ./data\nhttp: { port: 0 }\napps:\n  job: { use: ./job.ts }\n');
    expect((await project.run('start')).code).toBe(0);
  });
  afterAll(() => project.cleanup());

  it('sets ctx.dryRun for the dry run and not for the next one', async () => {
    expect((await project.run('run', 'job', '--dry-run')).code).toBe(0);
    expect((await project.run('run', 'job')).code).toBe(0);
    const list = JSON.parse((await project.run('outbox', 'list', '--json')).stdout) as {
      items: Array<{ payload: { text: string } }>;
    };
    expect(list.items.map((i) => i.payload.text)).toEqual(['dry', 'real']);
  });
});
