import { afterEach, describe, expect, it } from 'vitest';
import { WrongPassword } from './runner.ts';
import {
  PASSWORD,
  register,
  requestMonth,
  type Setup,
  settle,
  setup,
  texts,
  to,
  U1,
  U2,
  U3,
} from './test-helpers.ts';

let s: Setup;
afterEach(() => s?.t.stop());

const STARTED_11 = {
  title: '출퇴근 입력 시작',
  text: '2026년 9월 근무일 11일을 입력합니다. 끝나면 알려 드립니다.',
  severity: 'info',
  fields: [
    { name: '입력할 근무일', value: '11일', inline: true },
    { name: '공휴일 제외', value: '없음', inline: true },
  ],
};

/** Everything the app kept or said, as text, to look for the password in. */
async function everything(x: Setup): Promise<string> {
  const rows = await x.t.ctx.db.selectFrom('people').selectAll().execute();
  return JSON.stringify([x.t.sent, x.t.forms, [...x.t.state.entries()], rows, x.logs, x.uploads]);
}

describe('runs', () => {
  it('one run per person, two at once, the third waits in line and starts when a slot frees', async () => {
    s = setup();
    await s.t.start();
    for (const who of [U1, U2, U3]) await register(s.t, who);
    expect(await requestMonth(s.t, U1)).toBeNull();
    await settle();
    expect(to(s.t.sent, 'slack/user/U1').at(-1)).toEqual(STARTED_11);

    await requestMonth(s.t, U1);
    expect(texts(s.t.sent.slice(-1))).toEqual([
      '이미 진행 중인 출퇴근 입력이 있습니다. 끝난 뒤에 다시 요청하세요.',
    ]);
    await requestMonth(s.t, U2);
    await requestMonth(s.t, U3);
    await settle();
    expect(s.runner.runs.map((r) => r.request.account.userId)).toEqual(['kim-U1', 'kim-U2']);
    expect(to(s.t.sent, 'slack/user/U3').map((m) => m.text)).toEqual([
      '등록했습니다. /attendance 를 다시 입력하면 출퇴근을 입력할 수 있습니다.',
      '대기 중: 앞에 2명. 차례가 되면 바로 시작합니다.',
    ]);
    // While waiting, U3 is still "busy".
    await requestMonth(s.t, U3);
    expect(texts(s.t.sent.slice(-1))).toEqual([
      '이미 진행 중인 출퇴근 입력이 있습니다. 끝난 뒤에 다시 요청하세요.',
    ]);

    await s.runner.runs[0]!.finish();
    await settle();
    expect(s.runner.runs.map((r) => r.request.account.userId)).toEqual(['kim-U1', 'kim-U2', 'kim-U3']);
    expect(to(s.t.sent, 'slack/user/U3').at(-1)).toEqual(STARTED_11);
    // U1's run is over: U1 may ask again, and waits behind U2 and U3.
    await requestMonth(s.t, U1);
    expect(texts(s.t.sent.slice(-1))).toEqual(['대기 중: 앞에 2명. 차례가 되면 바로 시작합니다.']);
  });

  it('concurrency: 1 runs one at a time', async () => {
    s = setup({ options: { concurrency: 1 } });
    await s.t.start();
    for (const who of [U1, U2]) await register(s.t, who);
    await requestMonth(s.t, U1);
    await requestMonth(s.t, U2);
    await settle();
    expect(s.runner.runs).toHaveLength(1);
    expect(texts(s.t.sent.slice(-1))).toEqual(['대기 중: 앞에 1명. 차례가 되면 바로 시작합니다.']);
    await s.runner.runs[0]!.finish();
    await settle();
    expect(s.runner.runs.map((r) => r.request.account.userId)).toEqual(['kim-U1', 'kim-U2']);
  });

  it('a past month: started with the holidays, progress every 5 days, a summary to the person and the target', async () => {
    s = setup({ now: '2026-10-05T01:00:00Z', options: { target: 'slack/channel/C-HR' } });
    await s.t.start();
    await register(s.t);
    await requestMonth(s.t, U1, { days: '2026-09-30 leave' });
    await settle();
    const before = s.t.sent.length;
    await s.runner.runs[0]!.finish({ '2026-09-01': 'already-filled', '2026-09-02': 'already-filled' });
    await settle();
    const started = to(s.t.sent.slice(0, before), 'slack/user/U1').at(-1);
    expect(started).toEqual({
      title: '출퇴근 입력 시작',
      text: '2026년 9월 근무일 19일을 입력합니다. 끝나면 알려 드립니다.',
      severity: 'info',
      fields: [
        { name: '입력할 근무일', value: '19일', inline: true },
        { name: '공휴일 제외', value: '2일 (09-24 추석 전날, 09-25 추석)', inline: true },
        { name: '휴가', value: '09-30', inline: true },
      ],
    });
    const after = s.t.sent.slice(before);
    expect(after.map((m) => [m.target, (m.message as { text: string }).text])).toEqual([
      ['slack/user/U1', '진행 중: 5/19일 처리했습니다.'],
      ['slack/user/U1', '진행 중: 10/19일 처리했습니다.'],
      ['slack/user/U1', '진행 중: 15/19일 처리했습니다.'],
      ['slack/user/U1', '2026년 9월 출퇴근 입력을 마쳤습니다.'],
      ['slack/channel/C-HR', '<@U1> 2026년 9월 출퇴근 입력을 마쳤습니다.'],
    ]);
    const fields = [
      {
        name: '입력',
        value:
          '17일 (09-03, 09-04, 09-07, 09-08, 09-09, 09-10, 09-11, 09-14, 09-15, 09-16, 09-17, 09-18, 09-21, 09-22, 09-23, 09-28, 09-29)',
        inline: true,
      },
      { name: '이미 입력됨', value: '2일 (09-01, 09-02)', inline: true },
      { name: '공휴일 제외', value: '2일 (09-24, 09-25)', inline: true },
      { name: '휴가', value: '1일 (09-30)', inline: true },
    ];
    expect(after[3]!.message).toEqual({
      title: '2026년 9월 출퇴근 입력 완료',
      text: '2026년 9월 출퇴근 입력을 마쳤습니다.',
      severity: 'success',
      fields,
    });
    expect((after[4]!.message as { fields: unknown }).fields).toEqual(fields);
    expect(s.uploads).toEqual([]);
  });

  it('a failure shows the step and the failed days, and the screenshot is uploaded to the person', async () => {
    s = setup({ options: { target: 'slack/channel/C-HR' } });
    await s.t.start();
    await register(s.t);
    await requestMonth(s.t, U1);
    await settle();
    const screenshot = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const run = s.runner.runs[0]!;
    const days = [
      { date: '2026-09-01', outcome: 'entered' as const },
      { date: '2026-09-02', outcome: 'failed' as const, step: 'save', error: 'no button' },
    ];
    const before = s.t.sent.length;
    await run.finish(
      {},
      { days, failure: { step: 'save', message: '저장 버튼을 찾지 못했습니다', screenshot } },
    );
    await settle();
    const summary = {
      title: '2026년 9월 출퇴근 입력 실패',
      text: '2026년 9월 출퇴근 입력 중 일부를 하지 못했습니다.',
      severity: 'error',
      fields: [
        { name: '입력', value: '1일 (09-01)', inline: true },
        { name: '이미 입력됨', value: '0일', inline: true },
        { name: '공휴일 제외', value: '0일', inline: true },
        { name: '실패', value: '09-02 (save), 9일은 진행하지 못함' },
        { name: '오류', value: 'save 단계: 저장 버튼을 찾지 못했습니다' },
      ],
    };
    const after = s.t.sent.slice(before);
    expect(after.map((m) => [m.target, m.message])).toEqual([
      ['slack/user/U1', summary],
      ['slack/channel/C-HR', { ...summary, text: `<@U1> ${summary.text}` }],
    ]);
    expect(s.uploads).toEqual([
      {
        to: 'user/U1',
        filename: 'attendance-202609-save.png',
        data: new Uint8Array(screenshot),
        title: '출퇴근 입력 오류 화면 (save)',
        comment: 'save 단계에서 멈춘 화면입니다.',
      },
    ]);
  });

  it('a failed upload still leaves the failure reported, with a note', async () => {
    s = setup({
      upload: async () => {
        throw new Error('files:write scope missing');
      },
    });
    await s.t.start();
    await register(s.t);
    await requestMonth(s.t, U1);
    await settle();
    const before = s.t.sent.length;
    await s.runner.runs[0]!.finish(
      {},
      { days: [], failure: { step: 'open-month', message: 'timeout', screenshot: Buffer.from([1]) } },
    );
    await settle();
    expect(
      s.t.sent.slice(before).map((m) => (m.message as { title?: string; text: string }).title ?? m.message),
    ).toEqual([
      '2026년 9월 출퇴근 입력 실패',
      { text: '오류 화면을 올리지 못했습니다.', severity: 'warning' },
    ]);
    expect(s.uploads).toHaveLength(1);
    expect(s.logs.find((l) => l[2] === 'attendance screenshot upload failed')?.[1]).toEqual({
      user: 'U1',
      err: 'files:write scope missing',
    });
  });

  it('a wrong password: a clear message, nothing stored, and the person may try again at once', async () => {
    s = setup({ options: { target: 'slack/channel/C-HR' } });
    await s.t.start();
    await register(s.t);
    await requestMonth(s.t, U1);
    await settle();
    const before = s.t.sent.length;
    s.runner.runs[0]!.fail(new WrongPassword());
    await settle();
    expect(s.t.sent.slice(before)).toEqual([
      {
        target: 'slack/user/U1',
        kind: 'portable',
        message: {
          title: '로그인 실패',
          text: '출퇴근 사이트가 로그인을 거부했습니다. 비밀번호를 확인하고 /attendance 로 다시 시도하세요. 아무것도 입력하지 않았습니다.',
          severity: 'warning',
        },
      },
    ]);
    expect(s.t.state.size).toBe(0);
    await requestMonth(s.t, U1);
    await settle();
    expect(s.runner.runs).toHaveLength(2);
  });

  it('an unexpected error is reported without the password, which appears nowhere the app keeps or says', async () => {
    s = setup({ options: { target: 'slack/channel/C-HR' } });
    await s.t.start();
    await register(s.t);
    await requestMonth(s.t, U1);
    await settle();
    s.runner.runs[0]!.fail(new Error(`typing "${PASSWORD}" into #password timed out`));
    await settle();
    expect(s.t.sent.at(-1)?.message).toEqual({
      title: '출퇴근 입력 실패',
      text: '입력하지 못했습니다: typing "***" into #password timed out',
      severity: 'error',
    });
    // A second run ends in a failure whose texts echo the password too.
    await requestMonth(s.t, U1);
    await settle();
    await s.runner.runs[1]!.finish(
      {},
      {
        days: [{ date: '2026-09-01', outcome: 'failed', step: `login ${PASSWORD}`, error: PASSWORD }],
        failure: { step: 'login', message: `value=${PASSWORD}`, screenshot: Buffer.from([1]) },
      },
    );
    await settle();
    expect((s.t.sent.at(-1)!.message as { fields: Array<{ value: string }> }).fields.at(-1)).toEqual({
      name: '오류',
      value: 'login 단계: value=***',
    });
    expect(s.runner.runs[1]!.request.account.password).toBe(PASSWORD);
    expect(s.logs.length).toBeGreaterThan(0);
    expect(await everything(s)).not.toContain(PASSWORD);
  });

  it('stopping the app closes the browser runner and tells those still waiting', async () => {
    s = setup({ options: { concurrency: 1 } });
    await s.t.start();
    for (const who of [U1, U2]) await register(s.t, who);
    await requestMonth(s.t, U1);
    await requestMonth(s.t, U2);
    await settle();
    const before = s.t.sent.length;
    await s.t.stop();
    expect(s.runner.closed).toBe(true);
    expect(s.t.sent.slice(before)).toEqual([
      {
        target: 'slack/user/U2',
        kind: 'portable',
        message: {
          text: '봇이 멈춰 대기 중이던 출퇴근 입력을 취소했습니다. 아무것도 입력하지 않았습니다. /attendance 로 다시 요청하세요.',
          severity: 'warning',
        },
      },
    ]);
    expect(s.runner.runs).toHaveLength(1);
  });
});
