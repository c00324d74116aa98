import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decode, KIM, LEE, mails, type Setup, STRANGER, setup, texts, to } from '../test-helpers.ts';

let s: Setup;
afterEach(() => s.t.stop());

const PPTX = {
  filename: '주간보고.pptx',
  contentType: 'application/octet-stream',
  data: new TextEncoder().encode('deck v1'),
};
const PDF = {
  filename: 'weekly.PDF',
  contentType: 'application/pdf',
  data: new TextEncoder().encode('pdf v2'),
};
const TXT = { filename: 'memo.txt', contentType: 'text/plain', data: new TextEncoder().encode('memo') };
const FILES = { 'u/pptx': PPTX, 'u/pdf': PDF, 'u/txt': TXT };

/** Wednesday 2026-04-01 10:00 in Seoul, ISO week 2026-W14; Kim and Lee have written to the bot. */
async function started(input: Parameters<typeof setup>[0] = {}) {
  s = setup({ files: FILES, ...input });
  await s.t.start();
  await s.t.message('안녕하세요', KIM);
  await s.t.message('안녕하세요', LEE);
  s.t.sent.length = 0;
  return s.t;
}

const reportDir = () => path.join(s.t.ctx.dataDir, 'reports', '2026-W14');

describe('service-desk weekly reports', () => {
  it('asks for the file when the report service is chosen', async () => {
    const t = await started();
    await t.message('업무보고', KIM);
    expect(texts(await t.message('네', KIM))).toEqual([
      '이번 주(2026-W14) 업무보고 파일(pptx, xlsx, pdf)을 이 대화방에 첨부해 주세요.',
    ]);
  });

  it('stores an attached report at reports/<week>/<name>.<ext>; a re-upload replaces it', async () => {
    const t = await started();
    expect(texts(await s.sendFiles(KIM, ['u/pptx']))).toEqual([
      "이번 주(2026-W14) 업무보고 '주간보고.pptx'를 받았습니다.",
    ]);
    expect(readFileSync(path.join(reportDir(), '김철수.pptx'), 'utf8')).toBe('deck v1');
    await s.sendFiles(KIM, ['u/pdf']);
    expect(readFileSync(path.join(reportDir(), '김철수.pdf'), 'utf8')).toBe('pdf v2');
    expect(existsSync(path.join(reportDir(), '김철수.pptx'))).toBe(false);
    expect(s.downloads).toEqual(['u/pptx', 'u/pdf']);
    expect(t.sent.every((m) => m.target === KIM.replyTo)).toBe(true);
  });

  it('refuses a file of another kind, and files from unknown people', async () => {
    await started();
    expect(texts(await s.sendFiles(LEE, ['u/txt']))).toEqual([
      "'memo.txt' 파일은 받을 수 없습니다. pptx, xlsx, pdf 파일만 올릴 수 있습니다.",
    ]);
    expect(texts(await s.sendFiles(STRANGER, ['u/pptx']))).toEqual([
      '등록되지 않은 사용자입니다. 이 봇은 등록된 팀원만 쓸 수 있습니다. 관리자에게 등록을 요청해 주세요.',
    ]);
    expect(s.downloads).toEqual(['u/txt']);
    expect(existsSync(reportDir())).toBe(false);
  });

  it('on Friday reminds those without a report at 09:00 and mails each manager the reports at 09:40', async () => {
    const t = await started({ mail: true });
    await s.sendFiles(KIM, ['u/pptx']);
    t.sent.length = 0;
    await t.clock.advanceTo('2026-04-03T00:05:00Z');
    await t.run();
    const reminder =
      '이번 주(2026-W14) 업무보고를 아직 올리지 않으셨습니다. 파일(pptx, xlsx, pdf)을 이 대화방에 첨부해 주세요.';
    expect(to(t.sent, LEE.replyTo)).toEqual([reminder]);
    expect(mails(t.sent)).toEqual([
      { target: 'mail/to/park@example.com', subject: '주간업무 보고 안내', text: reminder },
    ]);
    expect(to(t.sent, KIM.replyTo)).toEqual([]);
    t.sent.length = 0;
    await t.clock.advanceTo('2026-04-03T00:40:00Z');
    await t.run();
    expect(mails(t.sent)).toEqual([
      {
        target: 'mail/to/infra-boss@example.com',
        subject: '2026-W14 주간업무 보고 종합',
        text: '인프라팀의 2026-W14 주간업무 보고 0건을 각각 첨부했습니다 (하나의 파일로 합치지 않았습니다).\n올리지 않은 사람: 박민수',
        attachments: [],
      },
      {
        target: 'mail/to/boss3@example.com',
        subject: '2026-W14 주간업무 보고 종합',
        text: '플랫폼개발3팀의 2026-W14 주간업무 보고 1건을 각각 첨부했습니다 (하나의 파일로 합치지 않았습니다).\n올리지 않은 사람: 이영희',
        attachments: [
          {
            filename: '김철수.pptx',
            content: Buffer.from('deck v1').toString('base64'),
            contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
          },
        ],
      },
    ]);
    expect(decode(mails(t.sent)[1]?.attachments?.[0]?.content as string)).toBe('deck v1');
  });

  it('moves the Friday jobs to Monday when Friday is a holiday', async () => {
    const t = await started({ closed: { 'holidays:KR': ['2026-04-03'] } });
    await t.clock.advanceTo('2026-04-03T00:45:00Z');
    await t.run();
    expect(t.sent).toEqual([]);
    await t.clock.advanceTo('2026-04-06T00:05:00Z');
    await t.run();
    expect(to(t.sent, LEE.replyTo)).toEqual([
      '이번 주(2026-W14) 업무보고를 아직 올리지 않으셨습니다. 파일(pptx, xlsx, pdf)을 이 대화방에 첨부해 주세요.',
    ]);
  });

  it('report-digest runs the digest now', async () => {
    const t = await started({ mail: true });
    await s.sendFiles(LEE, ['u/pdf']);
    expect(await t.action('report-digest')).toEqual({
      week: '2026-W14',
      mailed: ['infra-boss@example.com', 'boss3@example.com'],
    });
    expect(
      mails(t.sent)
        .at(-1)
        ?.attachments?.map((a) => a.filename),
    ).toEqual(['이영희.pdf']);
  });
});
