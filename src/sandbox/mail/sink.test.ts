import { X509Certificate } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startMailSink } from './index.ts';
import type { MailSink } from './types.ts';

const USERS = { 'bot@sink.test': 'sink-pa55word' };
let sink: MailSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

function client(s: MailSink, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.tls === 'implicit',
    requireTLS: s.tls === 'starttls',
    auth: { user: 'bot@sink.test', pass: 'sink-pa55word' },
    tls: { ca: s.ca ?? '' },
    ...extra,
  });
}

async function error(
  run: () => Promise<unknown>,
): Promise<{ code?: string; responseCode?: number; response?: string }> {
  try {
    await run();
  } catch (err) {
    return err as { code?: string; responseCode?: number; response?: string };
  }
  throw new Error('expected a failure');
}

describe('mail sink', () => {
  it('serves STARTTLS with a fresh certificate for localhost and 127.0.0.1, and AUTH LOGIN', async () => {
    sink = await startMailSink({ users: USERS });
    const cert = new X509Certificate(sink.ca ?? '');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
    await client(sink, { authMethod: 'LOGIN' }).sendMail({
      from: 'bot@sink.test',
      to: 'a@example.com',
      subject: 'hi',
      text: 'hello\n',
    });
    const [mail] = await sink.waitFor(1);
    expect({ secure: mail!.secure, user: mail!.user, method: mail!.authMethod, text: mail!.text }).toEqual({
      secure: true,
      user: 'bot@sink.test',
      method: 'LOGIN',
      text: 'hello\n',
    });
    sink.clear();
    expect(sink.messages).toEqual([]);
  });

  it('refuses AUTH before STARTTLS, a wrong password with 535, and mails past the size with 552', async () => {
    sink = await startMailSink({ users: USERS, size: 2048 });
    const plain = await error(() =>
      client(sink!, { ignoreTLS: true, requireTLS: false }).sendMail({
        from: 'b@x.co',
        to: 'a@x.co',
        text: 'x',
      }),
    );
    expect(plain.responseCode).toBe(538);
    const wrong = await error(() =>
      client(sink!, { auth: { user: 'bot@sink.test', pass: 'nope' } }).sendMail({
        from: 'b@x.co',
        to: 'a@x.co',
        text: 'x',
      }),
    );
    expect({ code: wrong.code, response: wrong.response }).toEqual({
      code: 'EAUTH',
      response: '535 5.7.8 Authentication credentials invalid',
    });
    const big = await error(() =>
      client(sink!, { pool: false }).sendMail({ from: 'b@x.co', to: 'a@x.co', text: 'x'.repeat(8192) }),
    );
    expect(big.responseCode).toBe(552);
    expect(sink.messages).toEqual([]);
  });

  it('without users and TLS it takes mail from anyone; waitFor says how many came', async () => {
    sink = await startMailSink({ tls: 'none' });
    expect(sink.ca).toBeUndefined();
    await nodemailer
      .createTransport({ host: sink.host, port: sink.port, ignoreTLS: true })
      .sendMail({ from: 'b@x.co', to: 'a@x.co', subject: 's', text: 't' });
    expect((await sink.waitFor(1)).map((m) => [m.secure, m.user])).toEqual([[false, undefined]]);
    await expect(sink.waitFor(2, 50)).rejects.toThrow('the mail sink got 1 of 2 mails within 50 ms');
  });

  it('shows the mailbox page: the list, one mail with its attachments, and the files', async () => {
    sink = await startMailSink({ users: USERS });
    await client(sink).sendMail({
      from: 'Ops <bot@sink.test>',
      to: 'a@example.com',
      subject: '<주간> 보고',
      text: 'see file',
      html: '<p>see <b>file</b></p>',
      attachments: [{ filename: 'report.csv', content: Buffer.from('a,b\n1,2\n'), contentType: 'text/csv' }],
    });
    await sink.waitFor(1);
    const list = await (await fetch(`${sink.pageUrl}/`)).text();
    expect(list).toContain('<a href="/mail/0">&lt;주간&gt; 보고</a>');
    const one = await fetch(`${sink.pageUrl}/mail/0`);
    expect(one.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await one.text();
    expect(html).toContain('<a href="/mail/0/attachment/0">report.csv</a> (text/csv, 8 bytes)');
    expect(html).toContain('TLS, AUTH PLAIN as bot@sink.test');
    expect(html).toContain('<iframe sandbox srcdoc="&lt;p&gt;see &lt;b&gt;file&lt;/b&gt;&lt;/p&gt;">');
    const file = await fetch(`${sink.pageUrl}/mail/0/attachment/0`);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('a,b\n1,2\n');
    expect((await fetch(`${sink.pageUrl}/mail/7`)).status).toBe(404);
  });

  it('refuses recipients by the current rule: 5xx as unavailable, 4xx as busy', async () => {
    sink = await startMailSink({ users: USERS, refuse: () => 550 });
    const mail = { from: 'bot@sink.test', to: 'a@example.com', text: 'x' };
    const gone = await error(() => client(sink!).sendMail(mail));
    expect(gone.response).toBe('550 5.1.1 <a@example.com>: mailbox unavailable');
    sink.refuse(() => 452);
    const busy = await error(() => client(sink!).sendMail(mail));
    expect(busy.response).toBe('452 4.2.1 <a@example.com>: mailbox busy, try again later');
    sink.refuse(null);
    await client(sink).sendMail(mail);
    expect((await sink.waitFor(1)).map((m) => m.envelope.to)).toEqual([['a@example.com']]);
  });
});
