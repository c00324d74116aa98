import { afterEach, describe, expect, it } from 'vitest';
import { register, type Setup, setup, texts, U1, U2 } from './test-helpers.ts';

let s: Setup;
afterEach(() => s?.t.stop());

describe('registration', () => {
  it('an unknown person gets the registration form, its fields named as the Slack modal needs them', async () => {
    s = setup();
    await s.t.start();
    expect(await s.t.message('/attendance', U1)).toEqual([]);
    expect(s.t.forms).toHaveLength(1);
    const opened = s.t.forms[0]!;
    expect([opened.target, opened.user, opened.key, opened.page]).toEqual([
      'slack/user/U1',
      'U1',
      'register',
      undefined,
    ]);
    expect(opened.form.fields.map((f) => [f.name, f.type, f.required ?? false, f.default])).toEqual([
      ['memberId', 'text', true, undefined],
      ['userId', 'text', true, undefined],
      ['startTime', 'time', true, '09:00'],
      ['endTime', 'time', false, undefined],
    ]);
  });

  it('stores the person in the app database (end time = start + 9 h when left out) and says so', async () => {
    s = setup();
    await s.t.start();
    await s.t.message('/attendance', U1);
    const { errors, replies } = await s.t.answerForm(
      { memberId: ' M-100 ', userId: 'kim', startTime: '10:00' },
      { user: 'U1' },
    );
    expect(errors).toBeNull();
    expect(replies.map((r) => r.target)).toEqual(['slack/user/U1']);
    expect(texts(replies)).toEqual([
      '등록했습니다. /attendance 를 다시 입력하면 출퇴근을 입력할 수 있습니다.',
    ]);
    const rows = await s.t.ctx.db.selectFrom('people').selectAll().execute();
    expect(rows).toEqual([
      {
        slack_user: 'U1',
        connection: 'slack',
        member_id: 'M-100',
        user_id: 'kim',
        start_time: '10:00',
        end_time: '19:00',
        created_at: Date.parse('2026-09-15T01:00:00Z'),
        updated_at: Date.parse('2026-09-15T01:00:00Z'),
      },
    ]);
  });

  it('refuses bad times, keyed by field', async () => {
    s = setup();
    await s.t.start();
    await s.t.message('/attendance', U1);
    const answer = (values: Record<string, string>) =>
      s.t.answerForm({ memberId: 'M', userId: 'u', ...values }, { user: 'U1' }).then((r) => r.errors);
    expect(await answer({ startTime: '9시', endTime: '25:00' })).toEqual({
      startTime: '출근 시각을 HH:MM 형식으로 입력하세요 (예: 09:00).',
      endTime: '퇴근 시각을 HH:MM 형식으로 입력하세요 (예: 18:00).',
    });
    expect(await answer({ startTime: '10:00', endTime: '09:30' })).toEqual({
      endTime: '퇴근 시각은 출근 시각보다 늦어야 합니다.',
    });
    expect(await answer({ startTime: '16:00' })).toEqual({
      endTime: '출근 시각 + 9시간이 자정을 넘습니다. 퇴근 시각을 입력하세요.',
    });
    expect(await answer({ memberId: ' ', startTime: '09:00' })).toEqual({
      memberId: 'Member ID 를 입력하세요.',
    });
    expect(await s.t.ctx.db.selectFrom('people').selectAll().execute()).toEqual([]);
  });

  it('the shortcut opens the same form as the command; another callback_id is not ours', async () => {
    s = setup();
    await s.t.start();
    await s.t.event('shortcut', { ...U1, data: 'something-else' });
    expect(s.t.forms).toHaveLength(0);
    await s.t.event('shortcut', { ...U1, data: 'attendance' });
    expect(s.t.forms.map((f) => [f.key, f.user, f.target])).toEqual([['register', 'U1', 'slack/user/U1']]);
    await s.t.answerForm({ memberId: 'M', userId: 'u', startTime: '09:00' });
    await s.t.event('shortcut', { ...U1, data: 'attendance' });
    expect(s.t.forms.at(-1)?.key).toBe('timecard');
  });

  it('me shows the registration (no password anywhere), edit reopens the form prefilled', async () => {
    s = setup();
    await s.t.start();
    await register(s.t, U1, { endTime: '18:30' });
    const [me] = await s.t.message('/attendance me', U1);
    expect(me?.message).toEqual({
      title: '출퇴근 등록 정보',
      text: '비밀번호는 저장하지 않습니다. 고치려면 /attendance edit, 지우려면 /attendance forget.',
      fields: [
        { name: 'Member ID', value: 'M-100', inline: true },
        { name: 'User ID', value: 'kim-U1', inline: true },
        { name: '출근', value: '09:00', inline: true },
        { name: '퇴근', value: '18:30', inline: true },
      ],
    });
    await s.t.message('/attendance edit', U1);
    expect(s.t.forms.at(-1)?.form.fields.map((f) => [f.name, f.default])).toEqual([
      ['memberId', 'M-100'],
      ['userId', 'kim-U1'],
      ['startTime', '09:00'],
      ['endTime', '18:30'],
    ]);
    await s.t.answerForm({ memberId: 'M-200', userId: 'kim', startTime: '08:00', endTime: '17:00' });
    const rows = await s.t.ctx.db
      .selectFrom('people')
      .select(['member_id', 'start_time', 'end_time'])
      .execute();
    expect(rows).toEqual([{ member_id: 'M-200', start_time: '08:00', end_time: '17:00' }]);
  });

  it('forget deletes only that person; me then says there is nothing', async () => {
    s = setup();
    await s.t.start();
    await register(s.t, U1);
    await register(s.t, U2);
    expect(texts(await s.t.message('/attendance forget', U1))).toEqual(['등록 정보를 지웠습니다.']);
    expect(texts(await s.t.message('/attendance forget', U1))).toEqual(['지울 등록 정보가 없습니다.']);
    expect(texts(await s.t.message('/attendance me', U1))).toEqual([
      '등록된 정보가 없습니다. /attendance 를 입력해 먼저 등록하세요.',
    ]);
    const rows = await s.t.ctx.db.selectFrom('people').select('slack_user').execute();
    expect(rows).toEqual([{ slack_user: 'U2' }]);
  });

  it('help lists the words; an unknown word gets the list too; the command name is an option', async () => {
    s = setup({ options: { command: 'kintai' } });
    await s.t.start();
    const help = [
      '/kintai — 출퇴근 입력 (처음이면 계정 등록)',
      '/kintai me — 등록 정보 보기',
      '/kintai edit — 등록 정보 고치기',
      '/kintai forget — 등록 정보 지우기',
      '/kintai help — 이 도움말',
    ].join('\n');
    expect(texts(await s.t.message('/kintai help', U1))).toEqual([help]);
    expect(texts(await s.t.message('/kintai what', U1))).toEqual([
      `"what" 은(는) 모르는 명령입니다.\n${help}`,
    ]);
    expect(await s.t.message('/attendance help', U1)).toEqual([]);
  });
});
