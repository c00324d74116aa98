import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_EXCHANGES } from '../../src/engine/calendars/exchanges/index.ts';
import { type MailSink, startMailSink } from '../../src/sandbox/mail/index.ts';
import { startWebexEmulator, type WebexEmulator } from '../../src/sandbox/webex/index.ts';
import { Project, ROOT, until } from '../helpers/cli.ts';
import { freePort } from '../helpers/works.ts';

/**
 * Seed 002 end to end: a real daemon with a `webex` connection (webhooks registered at start on the
 * emulator), an `smtp` connection to the mail sink, and `builtin:service-desk` reading the old
 * bot's Elasticsearch folder as its catalogue. People talk to the bot in Webex direct rooms.
 */

const MINA = 'mina@example.com';
const STRANGER = 'stranger@example.com';
const MANAGER = 'lead@example.com';
const OLD_FOLDER = path.join(ROOT, 'src/apps/service-desk/catalogue/fixtures/tg-chatbot');
const PPTX = Buffer.from('PK\u0003\u0004 a weekly report deck', 'latin1');

let webex: WebexEmulator;
let mail: MailSink;
const project = new Project('opsbot-desk-');
/** What the day-pick test registered, for the deadline test. */
let picked = { month: '', day: '' };

beforeAll(async () => {
  webex = await startWebexEmulator({
    people: [
      { email: MINA, displayName: '김민아' },
      { email: STRANGER, displayName: '낯선 사람' },
    ],
    rooms: [],
  });
  mail = await startMailSink({ tls: 'none' });
  const port = await freePort();
  project.write(
    'opsbot.yaml',
    [
      'dataDir: ./data',
      `http: { host: 127.0.0.1, port: ${port}, publicUrl: "http://127.0.0.1:${port}" }`,
      'connections:',
      `  webex: { type: webex, token: ${webex.botToken}, apiUrl: "${webex.apiUrl}", rateLimit: 600 }`,
      `  mail: { type: smtp, host: 127.0.0.1, port: ${mail.port}, secure: false, requireTLS: false, from: bot@example.com }`,
      'apps:',
      '  desk:',
      '    use: builtin:service-desk',
      '    with:',
      `      catalogue: ${OLD_FOLDER}`,
      `      teams: [{ name: 플랫폼개발3팀, manager: ${MANAGER} }]`,
      `      people: [{ name: 김민아, email: ${MINA}, team: 플랫폼개발3팀 }]`,
    ].join('\n'),
  );
  const started = await project.run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
  // Registered at start: messages and card submits, pointing at this daemon.
  await until('the webhooks', () => webex.webhooks().length === 2);
});

afterAll(async () => {
  await project.cleanup();
  await webex?.close();
  await mail?.close();
});

/**
 * Says something in the person's direct room and waits for the bot's answer there: the first new
 * message that matches (reminders from a scheduled run may arrive in between).
 */
async function say(
  from: string,
  text: string,
  answer: string | RegExp,
  files?: Array<{ filename: string; data: Buffer }>,
): Promise<string> {
  const before = botSaid(from).length;
  await webex.say({ from, direct: true, text, ...(files ? { files } : {}) });
  const matches = (m: string) => (typeof answer === 'string' ? m.includes(answer) : answer.test(m));
  return until(`the bot's answer to "${text}"`, () => botSaid(from).slice(before).find(matches));
}

const botSaid = (from: string) =>
  webex
    .directWith(from)
    .filter((m) => m.fromBot)
    .map((m) => m.markdown ?? m.text ?? '');

describe('the service desk through Webex and email', () => {
  it('registers its two webhooks once, pointing at the gateway with a secret', () => {
    const hooks = webex.webhooks();
    expect(hooks.map((h) => [h.resource, h.event, h.status]).sort()).toEqual([
      ['attachmentActions', 'created', 'active'],
      ['messages', 'created', 'active'],
    ]);
    expect(hooks.every((h) => h.targetUrl.endsWith('/hooks/webex') && (h.secret ?? '').length >= 16)).toBe(
      true,
    );
  });

  it('refuses a person it does not know', async () => {
    await say(STRANGER, '티지 데이 등록', '등록되지 않은 사용자입니다.');
  });

  it('a known person picks a day: confirm, an invalid date, a valid one, then looks it up', async () => {
    await say(MINA, '티지 데이 등록', "'TGday' 서비스를 원하시나요?");
    const question = await say(MINA, '네', /예: \d{4}-\d{2}-15/);
    const month = /예: (\d{4}-\d{2})-15/.exec(question)?.[1];
    expect(month, question).toBeTruthy();
    await say(MINA, '2026-02-30', '날짜를 알아볼 수 없습니다');
    const day = `${month}-15`;
    await say(MINA, day, `${Number(day.slice(5, 7))}월 15일로 등록했습니다`);
    await say(MINA, '티지데이 조회', "'getTgday' 서비스를 원하시나요?");
    await say(MINA, '네', `${Number(day.slice(5, 7))}월 15일`);
    picked = { month: month ?? '', day };
  });

  it("on the month's deadline (the 3rd at 14:00, or the next working day) the manager gets the CSV", async () => {
    const { month, day } = picked;
    const deadline = `${workingDayFrom(`${month}-03`)}T14:00:00+09:00`;
    expect((await project.run('run', 'desk', '--set', `at=${deadline}`)).code).toBe(0);
    const csvMail = await until('the CSV mail', () => mail.messages.find((m) => m.attachments.length > 0));
    expect(csvMail.envelope.to).toEqual([MANAGER]);
    const csv = csvMail.attachments[0];
    expect(csv?.filename).toMatch(/\.csv$/);
    expect(csv?.bytes.toString('utf8')).toBe(`\ufeff이름,팀명,날짜\r\n김민아,플랫폼개발3팀,${day}\r\n`);
  });

  it("stores a pptx sent in chat and mails the week's reports to the manager on Friday", async () => {
    await say(MINA, '주간 업무 보고', "'WorkReport' 서비스를 원하시나요?");
    await say(MINA, '네', '업무보고 파일(');
    await say(MINA, '', "'report.pptx'를 받았습니다", [{ filename: 'report.pptx', data: PPTX }]);
    const reports = project.path('data/apps/desk/reports');
    const [week] = readdirSync(reports);
    expect(week).toMatch(/^\d{4}-W\d{2}$/);
    const file = path.join(reports, week ?? '', '김민아.pptx');
    expect(existsSync(file) && readFileSync(file).equals(PPTX)).toBe(true);
    mail.clear();
    // That week's Friday (or the next working day) at 09:40: the week's reports go to the manager.
    const friday = `${workingDayFrom(fridayOf(week ?? ''))}T09:40:00+09:00`;
    const run = await project.run('run', 'desk', '--set', `at=${friday}`);
    expect(run.code, run.stderr).toBe(0);
    // The same run may also send what else is due then (a reminder); the digest is the one with files.
    const reportMail = await until('the report digest', () =>
      mail.messages.find((m) => m.attachments.length > 0),
    );
    expect(reportMail.envelope.to).toEqual([MANAGER]);
    expect(reportMail.attachments.map((a) => [a.filename, a.bytes.equals(PPTX)])).toEqual([
      ['김민아.pptx', true],
    ]);
  });
});

/** The Friday of an ISO week ("2026-W49" → "2026-12-04"). */
function fridayOf(week: string): string {
  const [year, w] = week.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (w - 1) * 7 * 86_400_000;
  return new Date(monday + 4 * 86_400_000).toISOString().slice(0, 10);
}

/** The first day from `date` that is neither a weekend nor a Korean public holiday. */
function workingDayFrom(date: string): string {
  const kr = BUILTIN_EXCHANGES.get('KR');
  let day = new Date(`${date}T00:00:00Z`);
  for (;;) {
    const iso = day.toISOString().slice(0, 10);
    const closed = kr?.closures(day.getUTCFullYear()).some((c) => c.date === iso);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !closed) return iso;
    day = new Date(day.getTime() + 86_400_000);
  }
}
