import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../types.ts';
import { type MailRig, META, openMailRig, PASSWORD, portable, USER } from './test-harness.ts';

let rig: MailRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function open(...args: Parameters<typeof openMailRig>): Promise<MailRig> {
  rig = await openMailRig(...args);
  return rig;
}

async function failure(run: () => Promise<void>): Promise<DeliveryError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

const CSV = '이름,팀명,날짜\n김민준,플랫폼개발3팀,2026-12-11\n';
// A .pptx is a zip: bytes of every value, including ones that are not valid UTF-8.
const PPTX = Buffer.concat([
  Buffer.from('PK\u0003\u0004', 'latin1'),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256)),
]);

describe('smtp connector', () => {
  it('sends a native multipart mail over STARTTLS with AUTH; attachments arrive byte-exact', async () => {
    const { sink, connector } = await open();
    const body = {
      subject: '12월 tgday 종합입니다',
      text: '종합 파일을 첨부합니다.',
      html: '<p>종합 파일을 <b>첨부</b>합니다.</p>',
      cc: ['lead@example.com'],
      replyTo: 'desk@example.com',
      attachments: [
        {
          filename: 'tgday-2026-12.csv',
          content: Buffer.from(CSV).toString('base64'),
          contentType: 'text/csv',
        },
        { filename: '주간업무 보고 종합.pptx', content: PPTX.toString('base64') },
      ],
    };
    await connector.send!('to/manager@example.com', { kind: 'native', body }, META);
    const [mail] = await sink.waitFor(1);
    expect({
      envelope: mail!.envelope,
      from: mail!.from,
      to: mail!.to,
      cc: mail!.cc,
      replyTo: mail!.replyTo,
      subject: mail!.subject,
      text: mail!.text,
      html: mail!.html,
      secure: mail!.secure,
      user: mail!.user,
      authMethod: mail!.authMethod,
    }).toEqual({
      envelope: { from: 'bot@sandbox.test', to: ['manager@example.com', 'lead@example.com'] },
      from: 'bot@sandbox.test',
      to: ['manager@example.com'],
      cc: ['lead@example.com'],
      replyTo: ['desk@example.com'],
      subject: '12월 tgday 종합입니다',
      text: '종합 파일을 첨부합니다.',
      html: '<p>종합 파일을 <b>첨부</b>합니다.</p>',
      secure: true,
      user: USER,
      authMethod: 'PLAIN',
    });
    expect(mail!.attachments.map((a) => ({ ...a, bytes: a.bytes.toString('hex') }))).toEqual([
      { filename: 'tgday-2026-12.csv', contentType: 'text/csv', bytes: Buffer.from(CSV).toString('hex') },
      {
        filename: '주간업무 보고 종합.pptx',
        contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        bytes: PPTX.toString('hex'),
      },
    ]);
  });

  it('renders a portable message as text and HTML, subject prefixed by severity', async () => {
    const { sink, connector } = await open();
    const message = {
      title: 'Disk <full> on db-1',
      text: 'Usage is 97%\nsince 09:00',
      severity: 'critical' as const,
      fields: [{ name: 'host', value: 'db-1 & db-2' }],
      links: [
        { label: 'Dashboard', url: 'https://grafana.example.com/d/1?a=1&b=2' },
        { label: 'Bad', url: 'javascript:alert(1)' },
      ],
    };
    await connector.send!('', { kind: 'portable', message }, META);
    const [mail] = await sink.waitFor(1);
    expect(mail!.subject).toBe('[긴급] Disk <full> on db-1');
    expect(mail!.text).toBe(
      'Disk <full> on db-1\n\nUsage is 97%\nsince 09:00\n\nhost: db-1 & db-2\n\n' +
        'Dashboard: https://grafana.example.com/d/1?a=1&b=2\nBad: javascript:alert(1)\n',
    );
    const html = mail!.html ?? '';
    expect(html).toContain('border-left:6px solid #7F1D1D');
    expect(html).toContain('>Disk &lt;full&gt; on db-1</h2>');
    expect(html).toContain('Usage is 97%<br>since 09:00');
    expect(html).toContain('>host</th><td style="padding:4px 0">db-1 &amp; db-2</td>');
    expect(html).toContain('<a href="https://grafana.example.com/d/1?a=1&amp;b=2">Dashboard</a>');
    expect(html).toContain('<li>Bad: javascript:alert(1)</li>');
    expect(html).not.toContain('href="javascript');
  });

  it('a bare connection mails its default list; to/<address> mails that address', async () => {
    const { sink, connector } = await open();
    await connector.send!('', portable('to the list'), META);
    await connector.send!('to/oncall@example.com', portable('to one'), META);
    const mails = await sink.waitFor(2);
    expect(mails.map((m) => [m.subject, m.envelope.to])).toEqual([
      ['to the list', ['ops@example.com', 'lead@example.com']],
      ['to one', ['oncall@example.com']],
    ]);
  });

  it('refuses a destination that is not to/<address>, and a bare send without a default list', async () => {
    const { sink, connect } = await open();
    const connector = connect({ to: undefined });
    const bad = await failure(() => connector.send!('to/not-an-address', portable('x'), META));
    expect({ retryable: bad.retryable, message: bad.message }).toEqual({
      retryable: false,
      message: 'not an smtp destination: "to/not-an-address" (expected to/<address>)',
    });
    const bare = await failure(() => connector.send!('', portable('x'), META));
    expect({ retryable: bare.retryable, message: bare.message }).toEqual({
      retryable: false,
      message: 'this smtp connection has no default `to` list; send to <connection>/to/<address>',
    });
    expect(connector.capabilities).toMatchObject({ destinations: ['to'], bare: false, files: true });
    expect(sink.messages).toEqual([]);
  });

  it('a refused recipient goes dead with the 550 reply', async () => {
    const { sink, connector } = await open({ refuse: () => 550 });
    const err = await failure(() => connector.send!('to/gone@example.com', portable('x'), META));
    expect({ retryable: err.retryable, status: err.status, message: err.message }).toEqual({
      retryable: false,
      status: 550,
      message: 'SMTP server refused the recipients: 550 5.1.1 <gone@example.com>: mailbox unavailable',
    });
    expect(sink.messages).toEqual([]);
  });

  it('a partial refusal delivers to the accepted recipients and logs the refused ones', async () => {
    const { sink, connector, logs } = await open({
      refuse: (rcpt) => (rcpt === 'lead@example.com' ? 550 : null),
    });
    await connector.send!('', portable('partly'), META);
    const [mail] = await sink.waitFor(1);
    expect(mail!.envelope.to).toEqual(['ops@example.com']);
    const warning = logs.map((l) => JSON.parse(l)).find((l) => l.level === 40);
    expect(warning).toMatchObject({
      msg: 'smtp server refused some recipients; delivered to the others',
      accepted: 1,
      rejected: ['lead@example.com'],
      refused: [
        { recipient: 'lead@example.com', reply: '550 5.1.1 <lead@example.com>: mailbox unavailable' },
      ],
    });
  });

  it('temporary failures are retried: 451 after the data, a 421 greeting, a dropped connection', async () => {
    const { sink, connector, connect } = await open();
    sink.faults.deferMessages(1);
    const deferred = await failure(() => connector.send!('', portable('deferred'), META));
    expect({ retryable: deferred.retryable, status: deferred.status, message: deferred.message }).toEqual({
      retryable: true,
      status: 451,
      message: 'SMTP server deferred the mail: 451 4.3.0 local error in processing, try again later',
    });

    sink.faults.busy(1);
    const busy = await failure(() => connect().send!('', portable('busy'), META));
    expect({ retryable: busy.retryable, status: busy.status }).toEqual({ retryable: true, status: 421 });
    expect(busy.message).toContain('421 sandbox mail is busy, try again later');

    sink.faults.dropConnections(1);
    const dropped = await failure(() => connect().send!('', portable('dropped'), META));
    expect(dropped.retryable).toBe(true);
    expect(dropped.message).toBe(`SMTP connection to 127.0.0.1:${sink.port} failed: ECONNECTION`);

    await connector.send!('', portable('after the outage'), META);
    expect((await sink.waitFor(1)).map((m) => m.subject)).toEqual(['after the outage']);
  });

  it('a temporary recipient refusal (450) is retried', async () => {
    const { connector } = await open({ refuse: () => 450 });
    const err = await failure(() => connector.send!('to/busy@example.com', portable('x'), META));
    expect({ retryable: err.retryable, status: err.status }).toEqual({ retryable: true, status: 450 });
  });

  it('a wrong password goes dead with 535 and never shows the password', async () => {
    const { sink, connect, logs } = await open();
    const wrong = 'Wr0ng-pa55word-value';
    const err = await failure(() => connect({ password: wrong }).send!('', portable('x'), META));
    expect({ retryable: err.retryable, status: err.status, message: err.message }).toEqual({
      retryable: false,
      status: 535,
      message: 'SMTP server refused the login: 535 5.7.8 Authentication credentials invalid',
    });
    for (const text of [err.message, String(err.stack), ...logs]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(PASSWORD);
    }
    expect(sink.messages).toEqual([]);
  });

  it('a server that is down is retried', async () => {
    const { connect } = await open();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(() => connect({ port }).send!('', portable('x'), META));
    expect({ retryable: err.retryable, status: err.status, message: err.message }).toEqual({
      retryable: true,
      status: undefined,
      message: `SMTP connection to 127.0.0.1:${port} failed: ECONNREFUSED`,
    });
  });

  it('requireTLS: a server without STARTTLS gets no credentials, and the send is retried', async () => {
    const { sink, connect } = await open({ tls: 'none' });
    const err = await failure(() => connect({ requireTLS: true }).send!('', portable('x'), META));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      `SMTP connection to 127.0.0.1:${sink.port} failed: the server refused STARTTLS (500 Error: command not recognized); requireTLS keeps the login from going in clear text`,
    );
    expect(sink.messages).toEqual([]);
  });

  it('an untrusted certificate is a TLS failure; implicit TLS with the CA works', async () => {
    const { connect } = await open();
    const untrusted = await failure(() => connect({ tls: undefined }).send!('', portable('x'), META));
    expect(untrusted.retryable).toBe(true);
    expect(untrusted.message).toMatch(
      /^SMTP connection to 127\.0\.0\.1:\d+ failed: ESOCKET: self-signed certificate(;|$)/,
    );

    const implicit = await openMailRig({ tls: 'implicit' });
    try {
      await implicit.connector.send!('', portable('over implicit TLS'), META);
      const [mail] = await implicit.sink.waitFor(1);
      expect({ secure: mail!.secure, user: mail!.user }).toEqual({ secure: true, user: USER });
    } finally {
      await implicit.close();
    }
  });

  it('refuses a mail larger than maxBytes before connecting', async () => {
    const { sink, connect } = await open();
    const body = {
      subject: 'big',
      text: 'see attached',
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(2048, 7).toString('base64') }],
    };
    const err = await failure(() => connect({ maxBytes: '1KB' }).send!('', { kind: 'native', body }, META));
    expect({ retryable: err.retryable, message: err.message }).toEqual({
      retryable: false,
      message: "the mail is 2.0 KB, more than this connection's maxBytes (1.0 KB)",
    });
    expect(sink.messages).toEqual([]);
  });

  it('checks native bodies', async () => {
    const { connector } = await open();
    const cases: Array<[unknown, string]> = [
      [{ subject: 'no body' }, 'not a smtp message body at text: a mail needs text or html'],
      [
        { subject: 'a\r\nBcc: x@y.z', text: 't' },
        'not a smtp message body at subject: subject cannot contain line breaks',
      ],
      [
        { subject: 's', text: 't', attachments: [{ filename: 'a', content: 'not base64!' }] },
        'not a smtp message body at attachments.0.content: content must be base64 text',
      ],
      [
        { subject: 's', text: 't', to: ['nobody'] },
        'not a smtp message body at to.0: each to entry must be an email address',
      ],
    ];
    for (const [body, message] of cases) {
      const err = await failure(() => connector.send!('', { kind: 'native', body }, META));
      expect({ retryable: err.retryable, message: err.message }).toEqual({ retryable: false, message });
    }
  });

  it('checks the server and the login at setup, logging the outcome without the password', async () => {
    const { connector, connect, logs } = await open();
    await connector.setup!();
    await connect({ password: 'Wr0ng-at-setup' }).setup!();
    const lines = logs.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
    expect(lines.map((l) => [l.level, l.msg, l.reason])).toEqual([
      [30, 'smtp server reachable and login accepted', undefined],
      [
        40,
        'smtp check failed',
        'SMTP server refused the login: 535 5.7.8 Authentication credentials invalid',
      ],
    ]);
    expect(logs.join('\n')).not.toContain('Wr0ng-at-setup');
  });
});
