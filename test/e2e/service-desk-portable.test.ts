import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { Project, ROOT, until } from '../helpers/cli.ts';
import { SandboxChat } from '../helpers/sandbox-chat.ts';
import { BOT, freePort, startEmulator, writeWorksProject } from '../helpers/works.ts';

/**
 * The service desk is portable: the same day-pick conversation on the sandbox messenger and on
 * NAVER WORKS (emulator), one person known on both by their ids, one pick seen from either.
 */

const OLD_FOLDER = path.join(ROOT, 'src/apps/service-desk/catalogue/fixtures/tg-chatbot');
const project = new Project('opsbot-desk-portable-');
let emu: WorksEmulator;
let chat: SandboxChat;
let url = '';

beforeAll(async () => {
  const port = await freePort();
  emu = await startEmulator(port);
  writeWorksProject(project, emu, {
    port,
    auth: 'service-account',
    apps: [
      '  desk:',
      '    use: builtin:service-desk',
      '    with:',
      `      catalogue: ${OLD_FOLDER}`,
      '      teams: [{ name: 운영팀, manager: lead@example.com }]',
      '      people: [{ name: 김민준, email: minjun.kim@example.com, team: 운영팀, ids: [u1, minjun] }]',
    ],
  });
  project.write(
    'opsbot.yaml',
    project
      .read('opsbot.yaml')
      .replace('  local: { type: sandbox }', '  local: { type: sandbox, secret: desk-secret }'),
  );
  const started = await project.run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
  url = (await project.status()).url;
  emu.setCallbackUrl(BOT.botId, `${url}/hooks/works`);
  chat = new SandboxChat(url, { secret: 'desk-secret', channel: 'desk', connection: 'local' });
});

afterAll(async () => {
  await project.cleanup();
  await emu?.close();
});

/** A NAVER WORKS user writes in the bot's room; resolves with the bot's next text there. */
async function worksSays(text: string): Promise<string> {
  const before = emu.state.messages.length;
  const status = await emu.postCallback(`${url}/hooks/works`, BOT.botId, {
    type: 'message',
    source: { userId: 'u1', channelId: 'room-1' },
    content: { type: 'text', text },
  });
  expect(status).toBe(200);
  await until(`the reply to "${text}"`, () => emu.state.messages.length > before);
  return JSON.stringify(emu.state.messages[before]?.content);
}

describe('the service desk on the sandbox page and on NAVER WORKS', () => {
  let day = '';

  it('picks a day on the sandbox messenger', async () => {
    expect(await chat.say('minjun', '티지데이 등록할래')).toEqual([
      "'TGday' 서비스를 원하시나요? (네/아니오)",
    ]);
    const [question = ''] = await chat.say('minjun', '네');
    const month = /예: (\d{4}-\d{2})-15/.exec(question)?.[1] ?? '';
    expect(month, question).toMatch(/^\d{4}-\d{2}$/);
    expect((await chat.say('minjun', '13월 1일'))[0]).toContain('날짜를 알아볼 수 없습니다');
    day = `${month}-15`;
    expect((await chat.say('minjun', day))[0]).toContain(`${Number(month.slice(5))}월 15일로 등록했습니다`);
  });

  it('the same person looks it up on NAVER WORKS', async () => {
    expect(await worksSays('tgday 조회')).toContain("'getTgday' 서비스를 원하시나요?");
    expect(await worksSays('네')).toContain(`${Number(day.slice(5, 7))}월 15일`);
  });
});
