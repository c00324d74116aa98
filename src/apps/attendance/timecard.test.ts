import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, register, requestMonth, type Setup, settle, setup, texts, U1 } from './test-helpers.ts';

let s: Setup;
afterEach(() => s?.t.stop());

describe('the time-card form', () => {
  it('a registered person gets month (yyyyMM, this month by default), password (secret) and days', async () => {
    s = setup();
    await s.t.start();
    await register(s.t);
    await s.t.message('/attendance', U1);
    const opened = s.t.forms.at(-1)!;
    expect([opened.key, opened.page, opened.target, opened.user]).toEqual([
      'timecard',
      undefined,
      'slack/user/U1',
      'U1',
    ]);
    expect(
      opened.form.fields.map((f) => [f.name, f.type, f.required ?? false, f.placeholder, f.default]),
    ).toEqual([
      ['month', 'text', true, 'yyyyMM', '202609'],
      ['password', 'secret', true, undefined, undefined],
      ['days', 'multiline', false, undefined, undefined],
    ]);
  });

  it('with passwordEntry: page the form is opened as the signed page (a masked password input)', async () => {
    s = setup({ options: { passwordEntry: 'page' } });
    await s.t.start();
    await register(s.t);
    await s.t.message('/attendance', U1);
    expect(s.t.forms.map((f) => [f.key, f.page])).toEqual([
      ['register', undefined],
      ['timecard', true],
    ]);
  });

  it('refuses a month that is not yyyyMM or not a real month, keyed month', async () => {
    s = setup();
    await s.t.start();
    await register(s.t);
    const message = { month: 'yyyyMM 형식으로 입력하세요 (예: 202611)' };
    for (const month of ['2026-09', '20269', '202613', '202600', 'abcdef']) {
      expect(await requestMonth(s.t, U1, { month })).toEqual(message);
    }
    expect(s.runner.runs).toHaveLength(0);
  });

  it('refuses a month after the current one (in Seoul time), keyed month', async () => {
    // 2026-09-30 16:00 UTC is already 1 October in Seoul: October is allowed, November is not.
    s = setup({ now: '2026-09-30T16:00:00Z' });
    await s.t.start();
    await register(s.t);
    expect(await requestMonth(s.t, U1, { month: '202611' })).toEqual({
      month: '2026년 11월은(는) 아직 오지 않은 달입니다. 이번 달까지만 입력할 수 있습니다.',
    });
    expect(await requestMonth(s.t, U1, { month: '202610' })).toBeNull();
    await settle();
    expect(s.runner.runs.map((r) => r.request.days.map((d) => d.date))).toEqual([['2026-10-01']]);
  });

  it('refuses bad days lines, keyed days, one message per line', async () => {
    s = setup();
    await s.t.start();
    await register(s.t);
    expect(
      await requestMonth(s.t, U1, { days: '2026-09-03 half\n2026-09-04 nap\n2026-09-16 leave' }),
    ).toEqual({
      days: '2번째 줄 "2026-09-04 nap": "nap" 대신 half, leave 또는 09:00-13:00 처럼 적으세요',
    });
    expect(await requestMonth(s.t, U1, { days: '2026-09-16 leave' })).toEqual({
      days: '2026-09-16: 오늘 이후의 날짜는 입력할 수 없습니다',
    });
    expect(s.runner.runs).toHaveLength(0);
  });

  it('hands the runner the account, the password and the days with the exceptions applied', async () => {
    s = setup();
    await s.t.start();
    await register(s.t, U1, { startTime: '08:30', endTime: '17:30' });
    expect(await requestMonth(s.t, U1, { days: '2026-09-14 half\n2026-09-15 leave' })).toBeNull();
    await settle();
    expect(s.runner.runs).toHaveLength(1);
    const { account, days } = s.runner.runs[0]!.request;
    expect(account).toEqual({ memberId: 'M-100', userId: 'kim-U1', password: PASSWORD });
    expect(days.map((d) => `${d.date} ${d.start}-${d.end}`)).toEqual([
      '2026-09-01 08:30-17:30',
      '2026-09-02 08:30-17:30',
      '2026-09-03 08:30-17:30',
      '2026-09-04 08:30-17:30',
      '2026-09-07 08:30-17:30',
      '2026-09-08 08:30-17:30',
      '2026-09-09 08:30-17:30',
      '2026-09-10 08:30-17:30',
      '2026-09-11 08:30-17:30',
      '2026-09-14 08:30-12:30',
    ]);
  });

  it('answers that arrive for a person who was forgotten meanwhile start nothing', async () => {
    s = setup();
    await s.t.start();
    await register(s.t);
    await s.t.message('/attendance', U1);
    await s.t.message('/attendance forget', U1);
    const { errors, replies } = await s.t.answerForm({ month: '202609', password: PASSWORD }, { user: 'U1' });
    expect(errors).toBeNull();
    expect(texts(replies)).toEqual(['등록된 정보가 없습니다. /attendance 를 입력해 먼저 등록하세요.']);
    expect(s.runner.runs).toHaveLength(0);
  });

  it('answers without the password (the daemon restarted in between) ask to start again', async () => {
    s = setup();
    await s.t.start();
    await register(s.t);
    await s.t.message('/attendance', U1);
    const { replies } = await s.t.answerForm({ month: '202609' }, { user: 'U1' });
    expect(texts(replies)).toEqual(['비밀번호가 전달되지 않았습니다. /attendance 로 다시 요청하세요.']);
    expect(s.runner.runs).toHaveLength(0);
  });

  it('a month with no working day yet says so and starts no browser', async () => {
    // Saturday 1 August 2026, in Seoul.
    s = setup({ now: '2026-08-01T03:00:00Z' });
    await s.t.start();
    await register(s.t);
    await s.t.message('/attendance', U1);
    const { replies } = await s.t.answerForm({ month: '202608', password: PASSWORD }, { user: 'U1' });
    expect(texts(replies)).toEqual(['2026년 8월에는 지금까지 입력할 근무일이 없습니다.']);
    expect(s.runner.runs).toHaveLength(0);
  });
});
