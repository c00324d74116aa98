import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from './server.ts';
import { type HubControls, type HubFep, type HubHoliday, HubInputError } from './types.ts';

/** The hub's JSON API over real HTTP, with controls that record what they were asked. */

const asked: string[] = [];
const fep: HubFep[] = [];
const holidays: HubHoliday[] = [];
let kakao = false;

const controls: HubControls = {
  links: [{ key: 'works', name: 'NAVER WORKS chat', url: 'http://127.0.0.1:1/' }],
  fepAddress: '127.0.0.1:2',
  switches: () => [{ name: 'sw1', bootedAt: 1, ports: [{ name: 'Gi1/0/1', up: true }] }],
  setPort(device, port, up) {
    if (device !== 'sw1') throw new HubInputError(`no switch ${device}`);
    asked.push(`${device} ${port} ${up}`);
  },
  reboot: (device) => void asked.push(`reboot ${device}`),
  notices: () => [],
  postNotice: ({ title, attachment }) => ({
    id: '9',
    title,
    date: '2026-12-05',
    attachments: attachment ? [attachment] : [],
  }),
  kakaoFile: () =>
    kakao
      ? {
          fileName: '고객',
          fields: ['이름', '메모'],
          users: [{ id: '01012345678', values: { 이름: '김, "고객"', 메모: 3 } }],
        }
      : null,
  async sendFep(frame) {
    fep.push(frame);
  },
  holidays: () => holidays,
  addHoliday: (day) => void holidays.push(day),
  hrRecords: () => [{ memberId: 'M0001', date: '2026-11-30', start: '09:00', end: '18:00' }],
  hrLogin: { memberId: 'M0001', userId: 'mina', password: 'sandbox-pass' },
  posted: () => [{ messenger: 'Slack', to: 'C1', text: 'hi', at: 5 }],
};

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ host: '127.0.0.1', port: 0, controls });
});
afterAll(() => hub.close());

const post = (path: string, body: unknown, type = 'application/json') =>
  fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the sandbox hub', () => {
  it('serves the page (both languages, no inline script) and its script', async () => {
    const page = await fetch(`${hub.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain(
      '<span class="ko">봇이 보낸 메시지</span><span class="en">What the bot posted</span>',
    );
    expect(html).toContain('<a id="link-works" href="http://127.0.0.1:1/"');
    expect(html).toContain('<span class="en">HR time-card records</span>');
    expect(html).toContain('<code id="hr-login">M0001 / mina / sandbox-pass</code>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect((await fetch(`${hub.url}/hub.js`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it('drives the controls and answers with the state', async () => {
    expect((await post('/api/switch/port', { device: 'sw1', port: 'Gi1/0/1', up: false })).status).toBe(200);
    expect((await post('/api/switch/reboot', { device: 'sw1' })).status).toBe(200);
    expect(asked).toEqual(['sw1 Gi1/0/1 false', 'reboot sw1']);
    const notice = await post('/api/notices', { title: ' 새 공지 ', attachment: 'a.pdf' });
    expect(await notice.json()).toEqual({
      id: '9',
      title: '새 공지',
      date: '2026-12-05',
      attachments: ['a.pdf'],
    });
    expect((await post('/api/fep', { type: '2', text: 'line lost' })).status).toBe(200);
    expect(fep).toEqual([{ type: '2', text: 'line lost' }]);
    expect((await post('/api/holidays', { date: '2026-12-07', name: '임시' })).status).toBe(200);
    const state = (await (await fetch(`${hub.url}/api/state`)).json()) as Record<string, unknown>;
    expect(state['holidays']).toEqual([{ date: '2026-12-07', name: '임시' }]);
    expect(state['kakao']).toBeNull();
    expect(state['hr']).toEqual([{ memberId: 'M0001', date: '2026-11-30', start: '09:00', end: '18:00' }]);
    expect(await (await fetch(`${hub.url}/api/posted`)).json()).toEqual({
      posted: [{ messenger: 'Slack', to: 'C1', text: 'hi', at: 5 }],
    });
  });

  it('gives the Kakao file as CSV once there is one, quoting what needs it', async () => {
    expect((await fetch(`${hub.url}/api/kakao.csv`)).status).toBe(404);
    kakao = true;
    const csv = await fetch(`${hub.url}/api/kakao.csv`);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="kakao-customers.csv"');
    expect(Buffer.from(await csv.arrayBuffer()).toString('utf8')).toBe(
      '\ufeffid,이름,메모\r\n01012345678,"김, ""고객""",3\r\n',
    );
  });

  it('refuses bad input with 400 and a reason, and unknown routes with 404', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/switch/port', { device: 'sw1', port: 'Gi1/0/1', up: 'no' }, 'up must be true or false'],
      ['/api/switch/port', { device: 'sw9', port: 'Gi1/0/1', up: true }, 'no switch sw9'],
      ['/api/notices', { title: '' }, 'title is required'],
      ['/api/notices', { title: 'x', attachment: '../etc/passwd' }, 'attachment must be a plain file name'],
      ['/api/fep', { type: 'x', text: 'a' }, 'type must be a frame type number (1 market, 2 system)'],
      ['/api/fep', { type: '1', text: 'a\u0001b' }, 'text must not contain SOH'],
      ['/api/holidays', { date: '2026-13-45', name: 'x' }, 'date must be YYYY-MM-DD'],
      ['/api/holidays', [1], 'the body must be a JSON object'],
      ['/api/holidays', '{', 'the body is not JSON'],
    ];
    for (const [path, body, error] of cases) {
      const res = await post(path, body);
      expect([res.status, await res.json()]).toEqual([400, { error }]);
    }
    // A cross-site form cannot send JSON without a preflight, so form posts are refused.
    const form = await post('/api/switch/reboot', 'device=sw1', 'application/x-www-form-urlencoded');
    expect([form.status, await form.json()]).toEqual([400, { error: 'send application/json' }]);
    expect((await post('/api/nothing', {})).status).toBe(404);
    expect((await fetch(`${hub.url}/nothing`)).status).toBe(404);
  });
});
