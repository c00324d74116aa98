import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../helpers/cli.ts';

/** `opsbot do APP ACTION` runs an app's action in its process; `opsbot run APP --set` overrides `with:` once. */

const TOOL = `import { defineApp, z } from 'opsbot';
export default defineApp({
  options: z.object({ greeting: z.string().default('hi'), times: z.number().int().min(1).max(3).default(1) }),
  actions: {
    async echo(ctx, args) { return { app: ctx.app, args, greeting: ctx.options.greeting }; },
    async fail() { throw new Error('nope'); },
  },
  async run(ctx) { await ctx.notify('local/channel/x', ctx.options.greeting + ' x' + ctx.options.times); },
});
`;

describe('opsbot do and run --set', () => {
  const project = new Project('opsbot-actions-');
  beforeAll(async () => {
    project.write('tool.ts', TOOL);
    project.write(
      'opsbot.yaml',
      'dataDir: ./data\nhttp: { port: 0 }\nconnections:\n  local: { type: sandbox }\napps:\n  tool: { use: ./tool.ts, with: { greeting: hi } }\n',
    );
    const down = await project.run('do', 'tool', 'echo');
    expect(down.code).toBe(1);
    expect(down.stderr).toBe('opsbot: opsbot is not running\n');
    expect((await project.run('start', '--wait')).code).toBe(0);
  });
  afterAll(() => project.cleanup());

  it('do runs the action with --set values read as YAML and prints its result', async () => {
    const r = await project.run(
      'do',
      'tool',
      'echo',
      '--set',
      'n=3',
      '--set',
      'list=[a, b]',
      '--set',
      'name=설날',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      app: 'tool',
      args: { n: 3, list: ['a', 'b'], name: '설날' },
      greeting: 'hi',
    });
  });

  it('an unknown action or app is a usage error (exit 2) that lists the actions', async () => {
    const action = await project.run('do', 'tool', 'nope');
    expect(action.code).toBe(2);
    expect(action.stderr).toBe('opsbot: app "tool" has no action "nope" (its actions: echo, fail)\n');
    const app = await project.run('do', 'ghost', 'echo');
    expect(app.code).toBe(2);
    expect(app.stderr).toBe('opsbot: unknown app "ghost" (not in the config)\n');
    const bad = await project.run('do', 'tool', 'echo', '--set', 'oops');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('opsbot: --set takes key=value, got "oops"\n');
  });

  it('a failing action fails the command (exit 1) with its message', async () => {
    const r = await project.run('do', 'tool', 'fail');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('opsbot: tool fail: nope\n');
  });

  it('run --set overrides with: for that run only, and a bad value fails with the schema message', async () => {
    expect((await project.run('run', 'tool', '--set', 'greeting=hello', '--set', 'times=2')).code).toBe(0);
    expect((await project.run('run', 'tool')).code).toBe(0);
    const bad = await project.run('run', 'tool', '--set', 'times=9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('opsbot: app "tool": with.times: Too big: expected number to be <=3\n');
    const list = JSON.parse((await project.run('outbox', 'list', '--json')).stdout) as {
      items: Array<{ payload: { text: string } }>;
    };
    // The refused run never ran: two runs, two messages (newest first).
    expect(list.items.map((i) => i.payload.text)).toEqual(['hi x1', 'hello x2']);
    const status = await project.status();
    expect(status.apps[0]?.lastRun?.outcome).toBe('ok');
  });
});
