import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/platform/store/open.ts';
import { alive, Project, until } from '../helpers/cli.ts';

/** Records every message it handles; dies (once) on "crash-once" before it has handled it. */
const LISTENER = `import { defineApp } from 'opsbot';
const got = [];
export default defineApp({
  async start(ctx) {
    ctx.onMessage(async (message) => {
      if (message.text === 'crash-once' && !(await ctx.store.get('crashed'))) {
        await ctx.store.set('crashed', true);
        process.exit(9);
      }
      got.push(message.text);
    });
    ctx.route('GET', '/got', () => ({ status: 200, body: got }));
  },
});
`;

describe('inbound events reach their app across app and daemon failures', () => {
  const project = new Project('opsbot-inbox-');
  let url = '';
  const got = async (): Promise<string[]> => {
    const res = await fetch(`${url}/apps/listener/got`).catch(() => null);
    return res?.ok ? ((await res.json()) as string[]) : [];
  };
  const send = async (text: string) => {
    const res = await fetch(`${url}/sandbox/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destination: 'general', user: 'tester', text }),
    });
    expect(res.status).toBeLessThan(300);
  };
  const listener = async () => (await project.status()).apps.find((a) => a.app === 'listener')!;

  beforeAll(async () => {
    project.write('listener.ts', LISTENER);
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        'http: { port: 0 }',
        'restart: { backoff: 200ms }',
        'connections:',
        '  sandbox: { type: sandbox }',
        'apps:',
        '  listener: { use: ./listener.ts }',
      ].join('\n'),
    );
    expect((await project.run('start', '--wait')).code).toBe(0);
    url = (await project.status()).url;
  });
  afterAll(() => project.cleanup());

  it('an event that arrives while its app is stopped is held and delivered when the app starts', async () => {
    expect((await project.run('stop', 'listener')).code).toBe(0);
    await send('while stopped');
    expect((await project.run('start', 'listener')).code).toBe(0);
    expect(await until('held event delivered', async () => (await got()).length > 0 && got())).toEqual([
      'while stopped',
    ]);
  });

  it('an app that dies while handling an event gets it again after its restart, once', async () => {
    const before = await listener();
    await send('crash-once');
    const after = await until('listener restarted', async () => {
      const app = await listener();
      return app.state === 'running' && app.pid !== before.pid && app;
    });
    expect(after.restarts).toBe(before.restarts + 1);
    // The restarted process starts with an empty list: it holds exactly the redelivered event.
    expect(await until('redelivered', async () => (await got()).length > 0 && got())).toEqual(['crash-once']);
  });

  it('events stored but not routed before a kill -9 of the daemon reach their app after the restart', async () => {
    const { pid } = await project.status();
    process.kill(pid, 'SIGKILL');
    await until('daemon dead', () => !alive(pid));
    // The window between "stored" and "routed", made wide: the rows go in while no daemon runs.
    const store = await openStore({
      url: 'sqlite',
      dataDir: project.path('data'),
      masterKey: Buffer.alloc(32),
    });
    for (const text of ['stored 1', 'stored 2']) {
      const event = {
        id: text,
        connection: 'sandbox',
        type: 'message',
        replyTo: 'sandbox/channel/general',
        user: 'tester',
        text,
        receivedAt: Date.now(),
      };
      await store.inbox.insert({
        connection: 'sandbox',
        dedupeKey: text,
        payload: event,
        receivedAt: event.receivedAt,
      });
    }
    await store.close();
    expect((await project.run('start', '--wait')).code).toBe(0);
    url = (await project.status()).url;
    expect(await until('replayed', async () => (await got()).length >= 2 && got(), 10_000)).toEqual([
      'stored 1',
      'stored 2',
    ]);
  });
});
