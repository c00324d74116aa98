import { afterEach, describe, expect, it } from 'vitest';
import { Picks } from '../picks.ts';
import { decode, KIM, LEE, mails, type Setup, setup, to } from '../test-helpers.ts';

let s: Setup;
afterEach(() => s.t.stop());

/** Started at 2026-04-01 08:00 in Seoul; Kim and Lee have written to the bot, Park never has. */
async function started(input: Parameters<typeof setup>[0] = {}) {
  s = setup({ now: '2026-03-31T23:00:00Z', ...input });
  await s.t.start();
  await s.t.message('안녕하세요', KIM);
  await s.t.message('안녕하세요', LEE);
  s.t.sent.length = 0;
  return s.t;
}

const REMIND =
  '4월 TG day 날짜를 등록해 주세요. 4월 3일 14:00까지 바꿀 수 있습니다. "TG day 등록"이라고 말씀해 주세요.';
const LAST_CALL =
  '아직 4월 TG day 날짜를 등록하지 않으셨습니다. 4월 3일 14:00에 마감됩니다. "TG day 등록"이라고 말씀해 주세요.';

describe('service-desk scheduled jobs', () => {
  it('reminds everyone on the 1st at 09:00, once, and tells the admin who could not be reached', async () => {
    const t = await started();
    await t.clock.advanceTo('2026-03-31T23:50:00Z');
    await t.run();
    expect(t.sent).toEqual([]);
    await t.clock.advanceTo('2026-04-01T00:10:00Z');
    await t.run();
    expect(to(t.sent, KIM.replyTo)).toEqual([
      REMIND,
      '알림(day-pick-remind)을 보냈습니다: 대화방 2명, 메일 0명, 연락할 수 없음 1명 (박민수)',
    ]);
    expect(to(t.sent, LEE.replyTo)).toEqual([REMIND]);
    expect(t.sent).toHaveLength(3);
    await t.clock.advanceTo('2026-04-01T00:20:00Z');
    await t.run();
    expect(t.sent).toHaveLength(3);
  });

  it('mails people who never wrote when a mail connection exists', async () => {
    const t = await started({ mail: true });
    await t.clock.advanceTo('2026-04-01T00:10:00Z');
    await t.run();
    expect(mails(t.sent)).toEqual([
      { target: 'mail/to/park@example.com', subject: 'TG day 등록 안내', text: REMIND },
    ]);
    expect(to(t.sent, KIM.replyTo)).toEqual([REMIND]);
  });

  it('the day before the deadline reminds only those who have not picked', async () => {
    const t = await started({ mail: true });
    await new Picks(t.ctx).save('kim@example.com', '2026-04', '2026-04-15');
    await t.clock.advanceTo('2026-04-02T00:10:00Z');
    await t.run();
    expect(t.sent.map((m) => m.target)).toEqual(['mail/to/park@example.com', LEE.replyTo]);
    expect(to(t.sent, LEE.replyTo)).toEqual([LAST_CALL]);
  });

  it('does nothing on a holiday: the reminder moves to the next working day', async () => {
    const t = await started({ closed: { 'holidays:KR': ['2026-04-01'] } });
    await t.clock.advanceTo('2026-04-01T00:10:00Z');
    await t.run();
    expect(t.sent).toEqual([]);
    await t.clock.advanceTo('2026-04-02T00:10:00Z');
    await t.run();
    // The 2nd is also the day before the deadline: the first reminder and the last call both go.
    expect(to(t.sent, LEE.replyTo)).toEqual([REMIND, LAST_CALL]);
  });

  it("mails each manager the team's picks as a CSV with a BOM on the 3rd at 14:00", async () => {
    const t = await started({ mail: true });
    const picks = new Picks(t.ctx);
    await picks.save('lee@example.com', '2026-04', '2026-04-09');
    await picks.save('kim@example.com', '2026-04', '2026-04-15');
    await picks.save('park@example.com', '2026-03', '2026-03-20');
    await t.clock.advanceTo('2026-04-03T04:50:00Z');
    await t.run();
    const tgMails = () => mails(t.sent).filter((m) => m.subject.includes('TG day'));
    expect(tgMails()).toEqual([]);
    await t.clock.advanceTo('2026-04-03T05:00:00Z');
    await t.run();
    const [infra, platform, ...rest] = tgMails();
    expect(rest).toEqual([]);
    expect(platform).toEqual({
      target: 'mail/to/boss3@example.com',
      subject: '4월 TG day 종합입니다',
      text: '플랫폼개발3팀의 4월 TG day 등록 현황을 첨부합니다 (2명).\n모두 등록했습니다.',
      attachments: [
        {
          filename: '2026-04_TG day_플랫폼개발3팀.csv',
          content: expect.any(String),
          contentType: 'text/csv',
        },
      ],
    });
    expect(decode(platform?.attachments?.[0]?.content as string)).toBe(
      '\uFEFF이름,팀명,날짜\r\n김철수,플랫폼개발3팀,2026-04-15\r\n이영희,플랫폼개발3팀,2026-04-09\r\n',
    );
    expect(infra?.target).toBe('mail/to/infra-boss@example.com');
    expect(infra?.text).toBe(
      '인프라팀의 4월 TG day 등록 현황을 첨부합니다 (0명).\n등록하지 않은 사람: 박민수',
    );
    expect(decode(infra?.attachments?.[0]?.content as string)).toBe('\uFEFF이름,팀명,날짜\r\n');
    await t.clock.advanceTo('2026-04-03T05:10:00Z');
    await t.run();
    expect(tgMails()).toHaveLength(2);
  });

  it('takes "at" for one run, and the digest action runs it now', async () => {
    s = setup({ options: { at: '2026-04-03T14:00:00+09:00', reports: { remindWeekday: 1 } }, mail: true });
    await s.t.start();
    await s.t.run();
    expect(mails(s.t.sent).map((m) => [m.target, m.subject])).toEqual([
      ['mail/to/infra-boss@example.com', '4월 TG day 종합입니다'],
      ['mail/to/boss3@example.com', '4월 TG day 종합입니다'],
    ]);
    expect(await s.t.action('day-pick-digest', { month: '2026-05' })).toEqual({
      month: '2026-05',
      mailed: ['infra-boss@example.com', 'boss3@example.com'],
    });
    expect(mails(s.t.sent).at(-1)?.subject).toBe('5월 TG day 종합입니다');
  });

  it('a dry run at the deadline sends nothing and leaves the job to the real run', async () => {
    s = setup({ options: { at: '2026-04-03T14:00:00+09:00' }, mail: true, dryRun: true });
    await s.t.start();
    await s.t.run();
    expect(s.t.sent).toEqual([]);
    expect([...s.t.state.keys()].filter((k) => k.startsWith('job/'))).toEqual([]);
  });

  it('a digest without the mail connection fails with a plain reason', async () => {
    const t = await started();
    await expect(t.action('report-digest')).rejects.toThrow(
      'service-desk: no connection "mail" to mail the managers (with.mailConnection)',
    );
    expect(t.sent).toEqual([]);
  });
});
