import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortableForm } from '../../contracts/forms.ts';
import { FORM_NOTICES } from './routes.ts';
import { type FormKit, startFormKit } from './test-kit.ts';

const SECRET = 'hunter2-비밀-8c1f77';
const FORM: PortableForm = {
  title: '근무일 선택',
  text: '출근할 날짜를 고르세요.',
  fields: [
    { name: 'day', type: 'date', label: '날짜', required: true },
    { name: 'count', type: 'number', label: '인원', default: 1 },
    { name: 'password', type: 'secret', label: '비밀번호', required: true },
  ],
};

let kit: FormKit;
beforeEach(async () => {
  kit = await startFormKit();
  kit.app.validate = (s) =>
    String(s.values.day) < '2026-01-01' ? { day: '오늘 이후의 날짜를 고르세요.' } : null;
});
afterEach(() => kit.close());

let seq = 0;
async function openForm(target = 'works/channel/room-1', ttlMs?: number) {
  const formId = `form-${++seq}-0000-aaaa`;
  await kit.forms.open('pick-day', { formId, target, form: FORM, user: 'u1', ...(ttlMs ? { ttlMs } : {}) });
  return { formId, delivery: await kit.delivery(formId) };
}

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

async function page(res: Response) {
  return { status: res.status, html: await res.text() };
}

function expectNotice(got: { status: number; html: string }, which: keyof typeof FORM_NOTICES) {
  const n = FORM_NOTICES[which];
  expect(got.status).toBe(n.status);
  expect(got.html).toContain(`<h1>${n.title}</h1>`);
  expect(got.html).toContain(n.text);
}

describe('the signed form page', () => {
  it('opens from the link, shows errors beside the field, then takes the answers once', async () => {
    const { formId, delivery } = await openForm();
    expect(delivery.url).toMatch(new RegExp(`^${kit.url}/forms/${formId}\\.[0-9a-z]+\\.[A-Za-z0-9_-]{43}$`));
    const shown = await page(await fetch(delivery.url!));
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('<h1>근무일 선택</h1>');
    expect(shown.html).toContain('type="password"');

    const bad = await page(await post(delivery.url!, { day: '2025-12-31', count: '2', password: SECRET }));
    expect(bad.status).toBe(422);
    // The app's message sits inside the day field's block, and the secret is not sent back.
    expect(bad.html).toMatch(/data-field="day">(?:(?!data-field=).)*오늘 이후의 날짜를 고르세요\./);
    expect(bad.html).toContain('value="2025-12-31"');
    expect(bad.html).not.toContain(SECRET);

    const missing = await page(await post(delivery.url!, { day: '2026-02-02' }));
    expect(missing.status).toBe(422);
    expect(missing.html).toMatch(/data-field="password">(?:(?!data-field=).)*필수 항목입니다\./);

    expectNotice(
      await page(await post(delivery.url!, { day: '2026-02-02', count: '2', password: SECRET })),
      'accepted',
    );
    expect(kit.app.received).toEqual([
      expect.objectContaining({
        formId,
        user: 'u1',
        values: { day: '2026-02-02', count: 2, password: SECRET },
      }),
    ]);
    // Single use: neither a second submit nor the page itself works any more.
    expectNotice(await page(await post(delivery.url!, { day: '2026-03-03', password: SECRET })), 'used');
    expectNotice(await page(await fetch(delivery.url!)), 'used');
    expect(kit.app.received).toHaveLength(1);
  });

  it('refuses forged tokens with 404 and the same page whatever was changed', async () => {
    const { formId, delivery } = await openForm();
    const token = delivery.url!.split('/forms/')[1]!;
    const [, exp, sig] = token.split('.');
    const flipped = `${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}`;
    const forged = [
      `${formId}.${exp}.${flipped}`, // signature changed
      `${formId}.${(Number.parseInt(exp!, 36) + 86_400_000).toString(36)}.${sig}`, // expiry pushed out
      `form-999-0000-aaaa.${exp}.${sig}`, // another form's id
      'not-a-token',
    ];
    for (const t of forged) {
      expectNotice(await page(await fetch(`${kit.url}/forms/${t}`)), 'not-found');
      expectNotice(
        await page(await post(`${kit.url}/forms/${t}`, { day: '2026-02-02', password: SECRET })),
        'not-found',
      );
    }
    expect(kit.app.received).toEqual([]);
  });

  it('refuses an expired form with 410, on the page and on submit', async () => {
    const { delivery } = await openForm('works/channel/room-1', 60_000);
    await kit.clock.advance(60_001);
    expectNotice(await page(await fetch(delivery.url!)), 'expired');
    expectNotice(await page(await post(delivery.url!, { day: '2026-02-02', password: SECRET })), 'expired');
    expect(kit.app.received).toEqual([]);
  });

  it('refuses a cross-site post (403) and sends pages that leak no token', async () => {
    const { delivery } = await openForm();
    const res = await post(
      delivery.url!,
      { day: '2026-02-02', password: SECRET },
      { origin: 'https://evil.example' },
    );
    expectNotice(await page(res), 'forbidden');
    const site = await post(
      delivery.url!,
      { day: '2026-02-02', password: SECRET },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(site.status).toBe(403);
    const shown = await fetch(delivery.url!);
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(kit.app.received).toEqual([]);
  });

  it('escapes everything an app or a person wrote', async () => {
    const formId = 'form-xss-0000-aaaa';
    const evil = '<script>alert(1)</script>"\'&';
    await kit.forms.open('pick-day', {
      formId,
      target: 'works/user/u1',
      form: { title: evil, fields: [{ name: 'a', type: 'text', label: evil, placeholder: evil }] },
    });
    kit.app.validate = () => ({ a: evil });
    const html = (await page(await post((await kit.delivery(formId)).url!, { a: evil }))).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });
});

describe('delivery to the app', () => {
  it('keeps answers given while the app restarts and hands them over, secrets included, once it is up', async () => {
    const { formId, delivery } = await openForm();
    kit.app.up = false;
    expectNotice(await page(await post(delivery.url!, { day: '2026-02-02', password: SECRET })), 'accepted');
    expect((await kit.store.forms.get(formId))?.status).toBe('submitted');
    expect(kit.app.received).toEqual([]);

    kit.app.up = true;
    await kit.forms.redeliver('pick-day');
    expect(kit.app.received).toEqual([
      expect.objectContaining({ formId, values: { day: '2026-02-02', password: SECRET } }),
    ]);
    expect((await kit.store.forms.get(formId))?.status).toBe('delivered');
    await kit.forms.redeliver('pick-day');
    expect(kit.app.received).toHaveLength(1);
  });

  it('never keeps a secret value at rest or in the logs', async () => {
    const { delivery } = await openForm();
    await post(delivery.url!, { day: '2025-01-01', password: SECRET }); // refused by validate
    kit.app.up = false;
    await post(delivery.url!, { day: '2026-02-02', password: SECRET });
    kit.app.up = true;
    await kit.forms.redeliver('pick-day');
    expect(kit.app.received[0]?.values.password).toBe(SECRET);
    const { formId: sandboxForm } = await openForm('sandbox/channel/general');
    const res = await fetch(`${kit.url}/sandbox/api/forms/${sandboxForm}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'mina', values: { day: '2026-02-03', password: SECRET } }),
    });
    expect(res.status).toBe(200);
    expect(kit.app.received[1]?.values.password).toBe(SECRET);

    // Every row of every table, through the store's own database file (WAL included), and the log.
    await kit.flushLog();
    const log = readFileSync(kit.logFile, 'utf8');
    expect(log).toContain('form answered');
    expect(log).not.toContain(SECRET);
    const rows = await kit.store.forms.get(sandboxForm);
    expect(rows?.answers).toEqual({ day: '2026-02-03' });
    await kit.store.close();
    const needle = Buffer.from(SECRET, 'utf8');
    for (const file of readdirSync(kit.dataDir)) {
      expect(readFileSync(join(kit.dataDir, file)).includes(needle), file).toBe(false);
    }
  });
});

describe('a native platform submit on /hooks', () => {
  it('reaches the app with its secret, while the inbox keeps neither the secret nor the raw body', async () => {
    const { formId } = await openForm('native/channel/x');
    const hook = (id: string, values: Record<string, string>) =>
      fetch(`${kit.url}/hooks/native`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, formId, user: 'u7', values }),
      });
    const refused = await hook('evt-1', { day: '2025-01-01', password: SECRET });
    // The reply is built from the stored outcome: the platform shows the errors beside the field.
    expect(await refused.json()).toEqual({ ok: false, errors: { day: '오늘 이후의 날짜를 고르세요.' } });
    const taken = await hook('evt-2', { day: '2026-04-04', password: SECRET });
    expect(await taken.json()).toEqual({ ok: true, outcome: 'accepted' });
    // The same delivery again (a platform retry) is a duplicate: nothing new to answer with.
    expect(await (await hook('evt-2', { day: '2026-04-04', password: SECRET })).json()).toEqual({
      ok: true,
      outcome: 'duplicate',
    });
    expect(kit.app.received).toEqual([
      expect.objectContaining({ formId, user: 'u7', values: { day: '2026-04-04', password: SECRET } }),
    ]);
    const stored = (await kit.store.inbox.listNew(10)).map((r) => r.payload as Record<string, unknown>);
    expect(stored.map((e) => e.form)).toEqual([
      {
        formId,
        values: { day: '2025-01-01' },
        outcome: 'invalid',
        errors: { day: '오늘 이후의 날짜를 고르세요.' },
      },
      { formId, values: { day: '2026-04-04' }, outcome: 'accepted' },
    ]);
    expect(stored.every((e) => !('raw' in e))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
  });
});

describe('a form the app wants on the signed page (page: true)', () => {
  it('goes to a native-forms connection as a link, which serves a masked password input', async () => {
    const formId = 'form-page-0000-aaaa';
    await kit.forms.open('pick-day', { formId, target: 'native/channel/x', form: FORM, page: true });
    const delivery = await kit.delivery(formId);
    expect(delivery.url).toMatch(new RegExp(`^${kit.url}/forms/${formId}\\.`));
    const page = await (await fetch(delivery.url ?? '')).text();
    expect(page).toMatch(
      /<input[^>]*type="password"[^>]*name="password"|<input[^>]*name="password"[^>]*type="password"/,
    );
    // Without `page`, the same connection shows the form itself: no link.
    await kit.forms.open('pick-day', {
      formId: 'form-natv-0000-aaaa',
      target: 'native/channel/x',
      form: FORM,
    });
    expect((await kit.delivery('form-natv-0000-aaaa')).url).toBeUndefined();
  });
});

describe('a native submit whose platform waits only so long (answerWithinMs)', () => {
  it("is answered when the app's validate outlasts the platform's wait, and the app still gets the answers", async () => {
    const { formId } = await openForm('native/channel/x');
    let validating = false;
    kit.app.validate = () => {
      validating = true;
      return new Promise(() => {}); // an app stuck in validate
    };
    const answer = fetch(`${kit.url}/hooks/native`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'evt-slow',
        formId,
        user: 'u7',
        values: { day: '2026-04-04', password: SECRET },
        answerWithinMs: 2500,
      }),
    });
    await vi.waitFor(() => expect(validating).toBe(true));
    // 2.5 s on the daemon's clock, far below the 10 s it gives an app that the platform does not rush.
    await kit.clock.advance(2500);
    expect(await (await answer).json()).toEqual({ ok: true, outcome: 'accepted' });
    await vi.waitFor(() => expect(kit.app.received).toHaveLength(1));
    expect(kit.app.received[0]).toMatchObject({ formId, values: { day: '2026-04-04', password: SECRET } });
  });
});

describe('the sandbox page submit', () => {
  it('answers 422 with per-field errors, then 200, then 410', async () => {
    const { formId, delivery } = await openForm('sandbox/channel/general');
    expect(delivery.url).toBeUndefined();
    const send = (values: Record<string, unknown>) =>
      fetch(`${kit.url}/sandbox/api/forms/${formId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'mina', values }),
      });
    const bad = await send({ day: '2025-05-05', password: SECRET });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ ok: false, errors: { day: '오늘 이후의 날짜를 고르세요.' } });
    expect((await send({ day: '2026-05-05', password: SECRET })).status).toBe(200);
    expect(kit.app.received[0]).toMatchObject({
      user: 'mina',
      values: { day: '2026-05-05', password: SECRET },
    });
    const again = await send({ day: '2026-05-05', password: SECRET });
    expect(again.status).toBe(410);
    expect(await again.json()).toEqual({ ok: false, error: '이미 제출된 양식입니다' });
  });
});

describe('opening a form', () => {
  it('to a link-rendered connection without http.publicUrl is an error naming the key', async () => {
    const bare = await startFormKit({ publicUrl: null });
    try {
      await expect(
        bare.forms.open('pick-day', {
          formId: 'form-np-0000-aaaa',
          target: 'works/channel/room-1',
          form: FORM,
        }),
      ).rejects.toThrow(/needs http\.publicUrl/);
      // The sandbox shows forms natively and needs no public URL — unless the app asks for the page.
      await bare.forms.open('pick-day', {
        formId: 'form-sb-0000-aaaa',
        target: 'sandbox/channel/general',
        form: FORM,
      });
      await expect(
        bare.forms.open('pick-day', {
          formId: 'form-pg-0000-aaaa',
          target: 'sandbox/channel/general',
          form: FORM,
          page: true,
        }),
      ).rejects.toThrow(/this form is sent as a button to a signed page, which needs http\.publicUrl/);
    } finally {
      await bare.close();
    }
  });

  it('rejects a malformed form with the path of the problem', async () => {
    await expect(
      kit.forms.open('pick-day', {
        formId: 'form-bad-0000-aaaa',
        target: 'sandbox/channel/general',
        form: { title: 'x', fields: [{ name: 'Bad Name', type: 'text', label: 'x' }] },
      }),
    ).rejects.toThrow(/invalid form: fields\.0\.name/);
  });
});
