import { cpSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, ROOT } from '../helpers/cli.ts';
import { SandboxChat } from '../helpers/sandbox-chat.ts';

const QUESTION = '몇 일로 신청할까요? (1-31, 그만두려면 취소)';

/** The day-picker example through the real daemon: signed sandbox callbacks in, exact bot replies out. */
describe('a chat dialog (ctx.conversation) through the daemon', () => {
  const project = new Project('opsbot-conversation-');
  let url = '';
  const chat = (channel: string) => new SandboxChat(url, { secret: 'e2e-secret', channel });

  beforeAll(async () => {
    cpSync(`${ROOT}/examples/apps/day-picker.ts`, project.path('day-picker.ts'));
    project.write(
      'opsbot.yaml',
      `timezone: UTC
dataDir: ./data
http: { port: 0 }
connections:
  sandbox: { type: sandbox, secret: e2e-secret }
apps:
  day-picker:
    use: ./day-picker.ts
    with: { ttl: 8s } # long enough for a restart under load, short enough to wait for
`,
    );
    const started = await project.run('start', '--wait');
    expect(started.code, started.stderr).toBe(0);
    url = (await project.status()).url;
  });
  afterAll(() => project.cleanup());

  it('asks, re-asks, confirms and saves; then the commands answer again', async () => {
    const c = chat('picks');
    expect(await c.say('mina', '/tgday')).toEqual([QUESTION]);
    expect(await c.say('mina', '32')).toEqual(['1부터 31 사이의 숫자로 다시 입력하세요.']);
    expect(await c.say('mina', '15')).toEqual(['15일로 신청할까요? (네/아니요)']);
    expect(await c.say('mina', '네')).toEqual(['15일로 신청했습니다.']);
    expect(await c.say('mina', '/mydays')).toEqual(['신청한 날: 15일']);
  });

  it('the cancel word ends the dialog', async () => {
    const c = chat('cancel');
    expect(await c.say('joon', '/tgday')).toEqual([QUESTION]);
    expect(await c.say('joon', '취소')).toEqual(['신청을 취소했습니다.']);
    expect(await c.say('joon', '/mydays')).toEqual(['신청한 날이 없습니다.']);
  });

  it('no answer within the ttl: the person is told, and a late answer is ordinary chat', async () => {
    const c = chat('timeout');
    expect(await c.say('sora', '/tgday')).toEqual([QUESTION]);
    expect(await c.replies(1, 'the timeout notice')).toEqual([
      '답이 없어 신청을 마쳤습니다. 다시 하려면 /tgday 를 입력하세요.',
    ]);
    await c.say('sora', '15', 0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await c.extra()).toEqual([]);
  });

  it('an app restart ends a waiting dialog with a clear message', async () => {
    const c = chat('restart');
    expect(await c.say('hana', '/tgday')).toEqual([QUESTION]);
    const restarted = await project.run('restart', 'day-picker');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(await c.replies(1, 'the interrupted notice')).toEqual([
      '봇이 다시 시작되어 신청이 중단되었습니다. /tgday 로 다시 시작해 주세요.',
    ]);
    expect(await c.say('hana', '/tgday')).toEqual([QUESTION]);
    expect(await c.say('hana', '취소')).toEqual(['신청을 취소했습니다.']);
  });
});
