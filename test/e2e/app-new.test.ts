import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Project, until } from '../helpers/cli.ts';

describe('app new: scaffold, test, run', () => {
  const project = new Project('opsbot-appnew-');
  afterAll(() => project.cleanup());

  it('scaffolds a typed app whose test passes and which runs in the daemon', async () => {
    const created = await project.run('app', 'new', 'disk-check');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('use: ./apps/disk-check/index.ts');
    const again = await project.run('app', 'new', 'disk-check');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect((await project.run('app', 'new', 'Bad_Name')).code).toBe(2);

    const tested = await project.run('app', 'test', 'apps/disk-check');
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/pass 2/);

    project.write('opsbot.yaml', `dataDir: ./data\nhttp: { port: 0 }\n${created.stdout}`);
    expect((await project.run('config', 'check')).code).toBe(0);
    expect((await project.run('start', '--wait')).code).toBe(0);
    const run = await project.run('run', 'disk-check');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^disk-check: run \d+ ok in /);
    const { url } = await project.status();
    const messages = await until('the message', async () => {
      const body = (await (await fetch(`${url}/sandbox/api/messages`)).json()) as {
        messages: Array<{ destination: string; payload: { message: { text: string } } }>;
      };
      return body.messages.length > 0 && body.messages;
    });
    expect(messages[0]).toMatchObject({
      destination: 'channel/general',
      payload: { message: { text: 'Hello from disk-check (run 1)' } },
    });
    const logs = await project.run('logs', 'opsbot');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('opsbot is running');
  });

  it('from a checkout root, writes beside examples/opsbot.yaml and prints a use: line that resolves', async () => {
    const root = new Project('opsbot-appnew-root-');
    try {
      mkdirSync(root.path('examples'));
      root.write('examples/opsbot.yaml', 'dataDir: ./data\nhttp: { port: 0 }\n');
      const created = await root.run('app', 'new', 'disk-check');
      expect(created.code, created.stderr).toBe(0);
      expect(existsSync(root.path('examples/apps/disk-check/index.ts'))).toBe(true);
      expect(created.stdout).toContain('use: ./apps/disk-check/index.ts');
      expect(created.stderr).toContain('add it to examples/opsbot.yaml:');
      root.write('examples/opsbot.yaml', `dataDir: ./data\nhttp: { port: 0 }\n${created.stdout}`);
      expect((await root.run('config', 'check')).code).toBe(0);
    } finally {
      await root.cleanup();
    }
  });
});
