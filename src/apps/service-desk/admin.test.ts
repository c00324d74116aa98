import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { People } from './people.ts';
import { seed } from './seed.ts';
import { KIM, LEE, mails, PARK, type Setup, setup, texts, to } from './test-helpers.ts';

let s: Setup;
afterEach(() => s.t.stop());

async function started(input: Parameters<typeof setup>[0] = {}) {
  s = setup(input);
  await s.t.start();
  return s.t;
}

const LIST = [
  '등록된 사람 3명:',
  '- 박민수 (park@example.com, 인프라팀)',
  '- 김철수 (kim@example.com, 플랫폼개발3팀, 관리자)',
  '- 이영희 (lee@example.com, 플랫폼개발3팀)',
].join('\n');

function csvFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'desk-people-')), 'people.csv');
  writeFileSync(file, text);
  return file;
}

describe('service-desk people and admin commands', () => {
  it('lets an admin list, add and remove people', async () => {
    const t = await started();
    expect(texts(await t.message('/people list', KIM))).toEqual([LIST]);
    expect(texts(await t.message('/people add Choi@Example.com 최지우 인프라팀', KIM))).toEqual([
      '최지우 (choi@example.com, 인프라팀)을(를) 추가했습니다.',
    ]);
    expect(
      texts(await t.message('안녕하세요', { user: 'choi@example.com', replyTo: 'webex/room/choi' }))[0],
    ).toMatch(/^원하시는 서비스를 찾지 못했습니다/);
    expect(texts(await t.message('/people remove choi@example.com', KIM))).toEqual([
      'choi@example.com을(를) 삭제했습니다.',
    ]);
    expect(texts(await t.message('/people remove choi@example.com', KIM))).toEqual([
      'choi@example.com은(는) 등록되어 있지 않습니다.',
    ]);
    expect(texts(await t.message('/people add nobody', KIM))).toEqual([
      '사용법: /people add <email> <이름> <팀>, /people remove <email>, /people list',
    ]);
  });

  it('refuses admin commands to a member who is not an admin', async () => {
    const t = await started();
    expect(texts(await t.message('/people add x@example.com 엑스 인프라팀', LEE))).toEqual([
      '관리자만 쓸 수 있는 명령입니다.',
    ]);
    expect(texts(await t.message('/broadcast 안녕', LEE))).toEqual(['관리자만 쓸 수 있는 명령입니다.']);
    expect(await new People(t.ctx).get('x@example.com')).toBeUndefined();
    expect(t.sent).toHaveLength(2);
  });

  it('keeps people added in chat when the options are seeded again', async () => {
    const t = await started();
    await t.message('/people add choi@example.com 최지우 인프라팀', KIM);
    await seed(t.ctx);
    expect((await new People(t.ctx).all()).map((p) => p.email)).toEqual([
      'park@example.com',
      'choi@example.com',
      'kim@example.com',
      'lee@example.com',
    ]);
  });

  it('broadcasts to every member where they last wrote, by mail to those who never did', async () => {
    const t = await started({ mail: true });
    await t.message('안녕하세요', LEE);
    t.sent.length = 0;
    expect(to(await t.message('/broadcast 내일 10시 전체 회의가 있습니다.', KIM), KIM.replyTo)).toEqual([
      '내일 10시 전체 회의가 있습니다.',
      '공지를 보냈습니다: 대화방 2명, 메일 1명',
    ]);
    expect(to(t.sent, LEE.replyTo)).toEqual(['내일 10시 전체 회의가 있습니다.']);
    expect(mails(t.sent)).toEqual([
      { target: 'mail/to/park@example.com', subject: '공지', text: '내일 10시 전체 회의가 있습니다.' },
    ]);
  });

  it('counts people it cannot reach when there is no mail connection', async () => {
    const t = await started();
    expect(to(await t.message('/broadcast 공지입니다', KIM), KIM.replyTo)).toEqual([
      '공지입니다',
      '공지를 보냈습니다: 대화방 1명, 메일 0명, 연락할 수 없음 2명 (박민수, 이영희)',
    ]);
  });

  it('imports people from a CSV with the people-import action', async () => {
    const t = await started();
    const file = csvFile(
      '\uFEFFname,email,team,admin,ids\n최지우,choi@example.com,인프라팀,,choi-works;choi\n"이영희",LEE@example.com,인프라팀,yes,\n',
    );
    expect(await t.action('people-import', { file })).toEqual({ added: 1, updated: 1 });
    const people = new People(t.ctx);
    expect(await people.get('choi@example.com')).toEqual({
      email: 'choi@example.com',
      name: '최지우',
      team: '인프라팀',
      admin: false,
      ids: ['choi-works', 'choi'],
      replyTo: null,
    });
    expect((await people.get('lee@example.com'))?.team).toBe('인프라팀');
    expect((await people.recognise('choi-works'))?.name).toBe('최지우');
    await expect(t.action('people-import', {})).rejects.toThrow(
      'people-import needs --set file=<people.csv>',
    );
  });

  it('takes with.people as a CSV file and recognises ids and emails in any case', async () => {
    const file = csvFile('name,email,team,admin,ids\n박민수,park@example.com,인프라팀,true,park\n');
    const t = await started({ options: { people: file } });
    expect(texts(await t.message('/people list', PARK))).toEqual([
      '등록된 사람 1명:\n- 박민수 (park@example.com, 인프라팀, 관리자)',
    ]);
    expect(
      texts(await t.message('/people list', { user: 'PARK@example.COM', replyTo: 'webex/room/p' })),
    ).toHaveLength(1);
  });
});
