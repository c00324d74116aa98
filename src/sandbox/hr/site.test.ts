import { afterEach, describe, expect, it } from 'vitest';
import { type HrSite, startHrSite } from './index.ts';

let site: HrSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const post = (url: string, form: Record<string, string>, cookie = '') =>
  fetch(url, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers: { cookie },
    redirect: 'manual',
  });

async function logIn(s: HrSite, password = 'sandbox-pass'): Promise<Response> {
  return post(`${s.url}/login`, { memberId: 'M0001', userId: 'mina', password });
}

const cookieOf = (r: Response) => (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('HR site emulator', () => {
  it('logs in with the right account and refuses a wrong password with .error', async () => {
    site = await startHrSite({ today: '2026-11-20' });
    const login = await (await fetch(`${site.url}/login`)).text();
    expect(login).toContain('id="password" name="password" type="password"');
    const bad = await logIn(site, 'wrong');
    expect(bad.status).toBe(200);
    const badHtml = await bad.text();
    expect(badHtml).toContain('class="error"');
    expect(badHtml).not.toContain('wrong');
    const ok = await logIn(site);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/M0001/tcard');
    const month = await fetch(`${site.url}/M0001/tcard`, { headers: { cookie: cookieOf(ok) } });
    expect(await month.text()).toContain('2026-11-30');
    // No session: back to the login page.
    expect((await fetch(`${site.url}/M0001/tcard`, { redirect: 'manual' })).status).toBe(303);
  });

  it('records a past day, shows it as value attributes, and refuses a future day', async () => {
    site = await startHrSite({ today: '2026-11-20' });
    const cookie = cookieOf(await logIn(site));
    const saved = await post(
      `${site.url}/M0001/tcard?date=20261120`,
      { start: '09:00', end: '18:00' },
      cookie,
    );
    expect(await saved.text()).toContain('class="saved"');
    const day = await (await fetch(`${site.url}/M0001/tcard?date=20261120`, { headers: { cookie } })).text();
    expect(day).toContain('class="start-time" name="start" placeholder="HH:MM" value="09:00"');
    const future = await post(
      `${site.url}/M0001/tcard?date=20261121`,
      { start: '09:00', end: '18:00' },
      cookie,
    );
    const html = await future.text();
    expect(html).toContain('class="refused"');
    expect(html).not.toContain('class="saved"');
    expect(site.entries('M0001')).toEqual([{ date: '2026-11-20', start: '09:00', end: '18:00' }]);
  });

  it('fails a day on demand and serves slowly when asked', async () => {
    site = await startHrSite({ today: '2026-11-20' });
    const cookie = cookieOf(await logIn(site));
    site.failDay('2026-11-02', 'error');
    expect((await fetch(`${site.url}/M0001/tcard?date=20261102`, { headers: { cookie } })).status).toBe(500);
    site.failDay('2026-11-03', 'no-confirm');
    const quiet = await post(
      `${site.url}/M0001/tcard?date=20261103`,
      { start: '09:00', end: '18:00' },
      cookie,
    );
    expect(await quiet.text()).not.toContain('class="saved"');
    site.failDay('2026-11-02', undefined);
    expect((await fetch(`${site.url}/M0001/tcard?date=20261102`, { headers: { cookie } })).status).toBe(200);
    site.setSlow(150);
    const t0 = performance.now();
    await fetch(`${site.url}/login`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
