import { afterEach, describe, expect, it } from 'vitest';
import { dbOf } from './db.ts';
import { KIM, LEE, type Setup, STRANGER, setup, texts, to } from './test-helpers.ts';

let s: Setup;
afterEach(() => s.t.stop());

async function started(input: Parameters<typeof setup>[0] = {}) {
  s = setup(input);
  await s.t.start();
  return s.t;
}

const picks = () => dbOf(s.t.ctx).selectFrom('picks').selectAll().execute();

describe('service-desk conversation', () => {
  it('refuses an unknown person with a clear Korean message and nothing else', async () => {
    const t = await started();
    expect(texts(await t.message('티지 데이 등록', STRANGER))).toEqual([
      '등록되지 않은 사용자입니다. 이 봇은 등록된 팀원만 쓸 수 있습니다. 관리자에게 등록을 요청해 주세요.',
    ]);
    expect(texts(await t.message('/people list', STRANGER))).toEqual([
      '등록되지 않은 사용자입니다. 이 봇은 등록된 팀원만 쓸 수 있습니다. 관리자에게 등록을 요청해 주세요.',
    ]);
    expect(t.sent).toHaveLength(2);
  });

  it("leaves another app's slash command alone, from a stranger or a known person", async () => {
    const t = await started();
    expect(await t.message('/attendance', STRANGER)).toEqual([]);
    expect(await t.message(' /attendance me', KIM)).toEqual([]);
    expect(t.sent).toHaveLength(0);
  });

  it('registers a day: confirm, a wrong date re-asked with the reason, then a valid one stored', async () => {
    const t = await started();
    expect(texts(await t.message('티지 데이 등록', KIM))).toEqual([
      "'TG day 등록' 서비스를 원하시나요? (네/아니오)",
    ]);
    expect(texts(await t.message('글쎄요', KIM))).toEqual(['네 또는 아니오로 답해 주세요.']);
    expect(texts(await t.message('네', KIM))).toEqual([
      'TG day 날짜를 입력해 주세요. 2026년 4월 중 하루 (예: 2026-04-15, 4월 15일)',
    ]);
    expect(texts(await t.message('내일쯤', KIM))).toEqual([
      '날짜를 알아볼 수 없습니다. 2026-04-15, 4월 15일처럼 입력해 주세요.',
    ]);
    expect(texts(await t.message('2026-05-10', KIM))).toEqual([
      '2026년 4월의 날짜만 등록할 수 있습니다. 다시 입력해 주세요.',
    ]);
    expect(texts(await t.message('2026-02-30', KIM))).toEqual([
      '날짜를 알아볼 수 없습니다. 2026-04-15, 4월 15일처럼 입력해 주세요.',
    ]);
    expect(texts(await t.message('3월 31일', KIM))).toEqual([
      '2026년 4월의 날짜만 등록할 수 있습니다. 다시 입력해 주세요.',
    ]);
    expect(await picks()).toEqual([]);
    expect(texts(await t.message('4월 15일', KIM))).toEqual(['4월 15일로 등록했습니다.']);
    expect(await picks()).toEqual([
      { email: 'kim@example.com', month: '2026-04', day: '2026-04-15', picked_at: t.clock.now() },
    ]);
    expect(t.sent.every((m) => m.target === KIM.replyTo)).toBe(true);
  });

  it('changes a pick with MM-DD, and refuses a day already past', async () => {
    const t = await started({ now: '2026-04-02T01:00:00Z' });
    await t.message('tgday', KIM);
    await t.message('네', KIM);
    expect(texts(await t.message('04-01', KIM))).toEqual([
      '이미 지난 날짜입니다. 오늘 이후의 날짜를 입력해 주세요.',
    ]);
    expect(texts(await t.message('04-20', KIM))).toEqual(['4월 20일로 등록했습니다.']);
    await t.message('tgday', KIM);
    await t.message('네', KIM);
    await t.message('2026-04-21', KIM);
    expect((await picks()).map((p) => p.day)).toEqual(['2026-04-21']);
  });

  it('after the change deadline (the 3rd 14:00) the pick is for next month', async () => {
    const t = await started({ now: '2026-04-03T05:00:00Z' });
    await t.message('tgday', KIM);
    expect(texts(await t.message('네', KIM))).toEqual([
      'TG day 날짜를 입력해 주세요. 2026년 5월 중 하루 (예: 2026-05-15, 5월 15일)',
    ]);
    expect(texts(await t.message('2026-04-20', KIM))).toEqual([
      '2026년 5월의 날짜만 등록할 수 있습니다. 다시 입력해 주세요.',
    ]);
    expect(texts(await t.message('5월 7일', KIM))).toEqual(['5월 7일로 등록했습니다.']);
    expect((await picks()).map((p) => [p.month, p.day])).toEqual([['2026-05', '2026-05-07']]);
    await t.message('티지 데이 조회', KIM);
    expect(texts(await t.message('네', KIM))).toEqual([
      '이번 달 등록된 TG day 날짜가 없습니다.\n다음 달 TG day: 5월 7일',
    ]);
  });

  it('looks the day of this month up', async () => {
    const t = await started();
    await t.message('티지 데이 조회', LEE);
    expect(texts(await t.message('네', LEE))).toEqual(['이번 달 등록된 TG day 날짜가 없습니다.']);
    await t.message('티지 데이 등록', LEE);
    await t.message('네', LEE);
    await t.message('2026-04-09', LEE);
    await t.message('get tgday', LEE);
    expect(texts(await t.message('예', LEE))).toEqual(['이번 달 TG day: 4월 9일']);
  });

  it('stops on a cancel word, and politely on 아니오', async () => {
    const t = await started();
    await t.message('티지 데이 등록', KIM);
    await t.message('네', KIM);
    expect(texts(await t.message('취소', KIM))).toEqual(['취소했습니다.']);
    await t.message('티지 데이 등록', KIM);
    expect(texts(await t.message('CANCEL', KIM))).toEqual(['취소했습니다.']);
    await t.message('티지 데이 등록', KIM);
    expect(texts(await t.message('아니오', KIM))).toEqual([
      '알겠습니다. 원하시는 서비스를 다시 말씀해 주세요.',
    ]);
    expect(await picks()).toEqual([]);
  });

  it('gives up after the conversation TTL', async () => {
    const t = await started({ options: { conversationTtl: '1m' } });
    await t.message('티지 데이 등록', KIM);
    const before = t.sent.length;
    await t.clock.advance(60_000);
    expect(texts(t.sent.slice(before))).toEqual([
      '답이 없어 대화를 마쳤습니다. 필요하시면 다시 말씀해 주세요.',
    ]);
  });

  it('lists the services that tie and takes a number', async () => {
    const t = await started();
    expect(texts(await t.message('티지', KIM))).toEqual([
      '혹시 이 중 하나인가요? 번호로 답해 주세요.\n1. TG day 등록\n2. TG day 조회',
    ]);
    expect(texts(await t.message('3', KIM))).toEqual(['1부터 2 사이의 번호로 답해 주세요.']);
    expect(texts(await t.message('2', KIM))).toEqual(['이번 달 등록된 TG day 날짜가 없습니다.']);
  });

  it('answers a reply entry with its text, and lists the services when nothing matches', async () => {
    const t = await started();
    await t.message('와이파이', KIM);
    expect(texts(await t.message('네', KIM))).toEqual([
      '손님용 와이파이는 TG-Guest, 비밀번호는 안내 데스크에 있습니다.',
    ]);
    expect(texts(await t.message('점심 메뉴', KIM))).toEqual([
      '원하시는 서비스를 찾지 못했습니다. 이런 서비스가 있습니다:\n- TG day 등록\n- TG day 조회\n- 주간업무 보고\n- 와이파이 안내\n- 비품 신청',
    ]);
  });

  it('sends a form entry and stores the answers, mailing the manager when mail is set', async () => {
    const t = await started({ options: { mail: 'mail/to/desk-archive@example.com' }, mail: true });
    await t.message('비품', LEE);
    await t.message('네', LEE);
    expect(t.forms.map((f) => [f.target, f.key, f.form.title])).toEqual([
      [LEE.replyTo, 'service-desk/form/5', '비품 신청'],
    ]);
    const { replies } = await t.answerForm({ item: '모니터' }, { user: LEE.user });
    expect(to(replies, LEE.replyTo)).toEqual(['답변을 저장했습니다. 감사합니다.']);
    const rows = await dbOf(t.ctx)
      .selectFrom('form_answers')
      .select(['email', 'service', 'answers'])
      .execute();
    expect(rows).toEqual([{ email: 'lee@example.com', service: '5', answers: '{"item":"모니터"}' }]);
    const mail = {
      subject: '[비품 신청] 이영희님의 답변',
      text: "이영희 (플랫폼개발3팀)님이 '비품 신청'에 답했습니다.\n\nitem: 모니터",
    };
    expect(t.sent.filter((m) => m.kind === 'native').map((m) => [m.target, m.message])).toEqual([
      ['mail/to/boss3@example.com', mail],
      ['mail/to/desk-archive@example.com', mail],
    ]);
  });

  it('loads the catalogue from the path in with.catalogue, relative to the working directory', async () => {
    const { fakeCatalogue } = await import('./test-helpers.ts');
    await started();
    expect(fakeCatalogue.loaded.at(-1)).toEqual(['catalogue.yaml', process.cwd()]);
  });
});
