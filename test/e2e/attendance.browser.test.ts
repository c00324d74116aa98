import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHrSite } from '../../src/sandbox/hr/index.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack/index.ts';
import { Project, until } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/leaks.ts';

/**
 * Seed 001 end to end: a real daemon with a `slack` connection and `builtin:attendance`, the Slack
 * emulator acting as the workspace (signed slash commands, modals, view submissions) and the HR
 * site emulator filled by a real Chromium. October 2026 has 22 weekdays; 10-05 (the 개천절
 * substitute) and 10-09 (한글날) are public holidays, so 20 days are entered.
 */

const PASSWORD = 'Pw-9f3!hr-비밀';
const USER = 'U01MINJUN';
const CHANNEL = 'C02ATTEND';
const OCTOBER_WORKDAYS = weekdays(2026, 10).filter((d) => d !== '2026-10-05' && d !== '2026-10-09');

let slack: SlackEmulator;
let hr: Awaited<ReturnType<typeof startHrSite>>;
const project = new Project('opsbot-attendance-');

beforeAll(async () => {
  slack = await startSlackEmulator();
  hr = await startHrSite({ accounts: [{ memberId: 'M0042', userId: 'mina', password: PASSWORD }] });
  project.write(
    'opsbot.yaml',
    [
      'dataDir: ./data',
      'http: { port: 0 }',
      'connections:',
      `  slack: { type: slack, botToken: ${slack.botToken}, signingSecret: ${slack.signingSecret}, apiUrl: "${slack.apiUrl}" }`,
      'apps:',
      '  attendance:',
      '    use: builtin:attendance',
      '    with:',
      `      target: slack/channel/${CHANNEL}`,
      `      site: ${JSON.stringify(hr.recipe)}`,
    ].join('\n'),
  );
  const started = await project.run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
  slack.requestUrl = `${(await project.status()).url}/hooks/slack`;
});

afterAll(async () => {
  await project.cleanup();
  await slack?.close();
  await hr?.close();
});

/** Types the slash command; Slack's ack must come within its 3 s. */
async function command(text = '') {
  const before = Date.now();
  const ack = await slack.slashCommand({ command: '/attendance', text, user: USER, channel: CHANNEL });
  expect(ack.status).toBe(200);
  expect(Date.now() - before).toBeLessThan(3000);
  return ack;
}

/**
 * The command, then the modal the app opens for it. A trigger is good for 3 s only: on a busy
 * machine the form comes as a "양식 열기" button instead, and the person clicks it, as in Slack.
 */
async function open(title: string) {
  const seen = slack.dmWith(USER).length;
  await command();
  let clicked = false;
  return until(`the "${title}" modal`, async () => {
    const view = slack.openView(USER);
    if (view && JSON.stringify(view.view).includes(title)) return view;
    const button = clicked ? undefined : formButton(slack.dmWith(USER).slice(seen));
    if (button) {
      clicked = true;
      await slack.blockAction({
        user: USER,
        actionId: 'opsbot_form_open',
        value: button.value,
        ...button.at,
      });
    }
    return undefined;
  });
}

/** The form-open button in these messages: its value (the form id) and where it was posted. */
function formButton(messages: ReturnType<SlackEmulator['dmWith']>) {
  for (const m of messages) {
    const found =
      /"action_id":"opsbot_form_open"[^}]*"value":"([^"]+)"|"value":"([^"]+)"[^}]*"action_id":"opsbot_form_open"/.exec(
        JSON.stringify(m.blocks ?? []),
      );
    const value = found?.[1] ?? found?.[2];
    if (value) return { value, at: { channel: m.channel, messageTs: m.ts } };
  }
  return undefined;
}

function inputIds(view: { view: Record<string, unknown> }): string[] {
  const blocks = view.view['blocks'] as Array<{ type: string; block_id?: string }>;
  return blocks.filter((b) => b.type === 'input').map((b) => b.block_id ?? '');
}

/** The DM messages that mention a text, as JSON (blocks, attachments and fallback alike). */
const dmsWith = (text: string) => slack.dmWith(USER).filter((m) => JSON.stringify(m).includes(text));

describe('the attendance app through Slack and the HR site', () => {
  it('registers a person through the first modal', async () => {
    const view = await open('memberId');
    expect(inputIds(view)).toEqual(['memberId', 'userId', 'startTime', 'endTime']);
    const done = await slack.submitView({
      viewId: view.id,
      values: { memberId: 'M0042', userId: 'mina', startTime: '09:00' },
    });
    expect(done.outcome.action).toBe('closed');
    await until('the registration reply', () => dmsWith('M0042').length > 0);
  });

  it('refuses a bad month in the form itself, then enters every working day of October 2026', async () => {
    const view = await open('password');
    expect(inputIds(view)).toEqual(['month', 'password', 'days']);
    const refused = await slack.submitView({
      viewId: view.id,
      values: { month: '2026-10', password: PASSWORD },
    });
    expect(refused.outcome.action).toBe('errors');
    expect(Object.keys(refused.outcome.errors ?? {})).toEqual(['month']);
    const taken = await slack.submitView({
      viewId: view.id,
      values: { month: '202610', password: PASSWORD },
    });
    expect(taken.outcome.action).toBe('closed');
    await until('the summary', () => dmsWith('출퇴근 입력 완료').length > 0, 25_000);
    expect(enteredDates()).toEqual(OCTOBER_WORKDAYS);
    expect(hr.entries('M0042').every((e) => e.start === '09:00' && e.end === '18:00')).toBe(true);
    // The channel gets the summary too, naming the person.
    await until('the summary in the channel', () =>
      slack.messagesIn(CHANNEL).some((m) => JSON.stringify(m).includes(`<@${USER}>`)),
    );
  });

  it('a second run of the same month changes nothing', async () => {
    const summaries = dmsWith('출퇴근 입력 완료').length;
    const view = await open('password');
    await slack.submitView({ viewId: view.id, values: { month: '202610', password: PASSWORD } });
    const done = await until('the second summary', () => dmsWith('출퇴근 입력 완료')[summaries], 25_000);
    expect(fieldsOf(done)).toMatchObject({
      입력: '0일',
      '이미 입력됨': expect.stringMatching(/^20일 \(10-01, /),
    });
    expect(enteredDates()).toEqual(OCTOBER_WORKDAYS);
  });

  it('a day the site fails is reported with a screenshot that shows no password', async () => {
    hr.failDay('2026-11-10', 'error');
    const view = await open('password');
    await slack.submitView({ viewId: view.id, values: { month: '202611', password: PASSWORD } });
    await until('the failure summary', () => dmsWith('출퇴근 입력 실패').length > 0, 25_000);
    const november = enteredDates().filter((d) => d.startsWith('2026-11'));
    expect(november).toEqual(weekdays(2026, 11).filter((d) => d !== '2026-11-10'));
    const shot = await until('the screenshot in the DM', () =>
      slack.state.files.find((f) => f.completed && f.channels.includes(slack.dmChannel(USER))),
    );
    expect(shot.bytes?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(shot.bytes?.includes(Buffer.from(PASSWORD))).toBe(false);
    hr.failDay('2026-11-10', undefined);
  });

  it('forget removes the person: the next command asks to register again', async () => {
    await command('forget');
    await until('the forget reply', () => dmsWith('등록 정보를 지웠습니다').length > 0);
    const view = await open('memberId');
    expect(inputIds(view)).toEqual(['memberId', 'userId', 'startTime', 'endTime']);
  });

  it('the password is nowhere in the data folder, the logs or the messages', () => {
    const files = filesUnder(project.path('data'));
    expect(files.length).toBeGreaterThan(3);
    const needle = Buffer.from(PASSWORD);
    for (const file of files) expect(readFileSync(file).includes(needle), file).toBe(false);
    // Nor in anything the bot said in Slack.
    expect(JSON.stringify(slack.state.messages)).not.toContain(PASSWORD);
  });
});

/** A message's portable fields as Slack shows them: section fields "*name*\nvalue". */
function fieldsOf(message: unknown): Record<string, string> {
  const found = JSON.stringify(message).matchAll(/"\*([^*"]+)\*\\n([^"]*)"/g);
  return Object.fromEntries([...found].map((m) => [m[1] ?? '', m[2] ?? '']));
}

function enteredDates(): string[] {
  return hr
    .entries('M0042')
    .map((e) => e.date)
    .sort();
}

function weekdays(year: number, month: number): string[] {
  const out: string[] = [];
  for (let day = 1; day <= 31; day++) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1) break;
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push(date.toISOString().slice(0, 10));
  }
  return out;
}
