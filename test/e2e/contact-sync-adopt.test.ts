import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KakaoEmulator, startKakaoEmulator } from '../../src/sandbox/kakao/customer-files.ts';
import { Project } from '../helpers/cli.ts';
import { CliSession } from '../helpers/cli-session.ts';
import { startDaemon, stopDaemon } from '../helpers/daemon-session.ts';

/**
 * The command, through the daemon: after a migration from the old updater, a person who
 * was in the Kakao file before the first sync stays there until `opsbot run contact-sync --set
 * adopt=<old kakao_contact_list.json>` makes them known; then the sync deletes them.
 */
describe('opsbot run contact-sync --set adopt=…', () => {
  const project = new Project('opsbot-adopt-');
  const cli = new CliSession(project.dir);
  let kakao: KakaoEmulator;
  const users = () => Object.keys(kakao.file('고객 파일')?.users ?? {});

  beforeAll(async () => {
    kakao = await startKakaoEmulator({
      apiKey: 'kakao-key',
      channelProfileId: '_ch',
      files: [
        {
          fileName: '고객 파일',
          schema: { 이름: 'string' },
          users: { '01011112222': { 이름: '김고객' }, '01099998888': { 이름: '전고객' } },
        },
      ],
    });
    project.write('people.csv', 'name,phone\n김고객,010-1111-2222\n');
    project.write(
      'kakao_contact_list.json',
      JSON.stringify([
        { id: '01011112222', field: { 이름: '김고객' } },
        { id: '01099998888', field: { 이름: '전고객' } },
      ]),
    );
    await startDaemon(project, cli, [
      'apps:',
      '  contact-sync:',
      '    use: builtin:contact-sync',
      '    schedule: false',
      '    with:',
      `      kakao: { apiKey: kakao-key, channelPublicId: _ch, fileName: 고객 파일, baseUrl: "${kakao.url}" }`,
      '      sources: [{ type: csv, path: ./people.csv }]',
      '      fields: { 이름: "{name}" }',
    ]);
  });
  afterAll(() => stopDaemon(project, cli, kakao));

  it('keeps the former person without it, and deletes them with it', async () => {
    expect((await cli.run('run', 'contact-sync')).code).toBe(0);
    expect(users()).toEqual(['01011112222', '01099998888']);

    const adopted = await cli.run('run', 'contact-sync', '--set', 'adopt=./kakao_contact_list.json');
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(users()).toEqual(['01011112222']);
  });
});
