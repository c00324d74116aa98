/**
 * A mail sink: an SMTP server (smtp-server) that keeps what it is sent, parsed (mailparser), for
 * tests and `opsbot sandbox`. It speaks SMTP the way a submission server does: STARTTLS (or
 * implicit TLS) with a fresh self-signed certificate, AUTH PLAIN/LOGIN only after TLS (535 on a
 * wrong login), SIZE with 552 past it, recipients refused with a given code, and faults a relay
 * has (dropped connections, a 421 greeting, a 451 after DATA). Never imports connector code.
 */
import type { Socket } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { selfSignedCertificate } from './cert.ts';
import { startMailPage } from './page.ts';
import type { MailSink, MailSinkOptions, ReceivedMail } from './types.ts';

const DEFAULT_SIZE = 25 * 1024 * 1024;

interface SessionUser {
  name: string;
  method: string;
}

function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((o) => o.value.map((a) => a.address ?? '')).filter((a) => a !== '');
}

export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls ?? 'starttls';
  const certificate = tls === 'none' ? null : selfSignedCertificate(host);
  if (tls !== 'none' && !certificate) {
    throw new Error('the mail sink needs openssl to make its TLS certificate; start it with tls: none');
  }
  const users = options.users ?? {};
  const withAuth = Object.keys(users).length > 0;
  let refuse = options.refuse ?? null;
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const faults = { drop: 0, busy: 0, defer: 0 };

  const keep = (mail: ReceivedMail) => {
    messages.push(mail);
    for (const wake of waiters) wake();
  };

  const server = new SMTPServer({
    secure: tls === 'implicit',
    ...(certificate ?? {}),
    name: 'mail.sandbox.opsbot',
    banner: 'opsbot sandbox mail sink',
    logger: false,
    disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !withAuth,
    // Like a real submission server: credentials only over TLS, unless the sink has no TLS at all.
    allowInsecureAuth: tls === 'none',
    disabledCommands: [...(tls === 'starttls' ? [] : ['STARTTLS']), ...(withAuth ? [] : ['AUTH'])],
    size: options.size ?? DEFAULT_SIZE,
    rejectOversized: true,
    onConnect(_session, callback) {
      if (faults.busy > 0) {
        faults.busy--;
        return callback(reply(421, 'sandbox mail is busy, try again later'));
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      const name = auth.username ?? '';
      const known = Object.hasOwn(users, name) && users[name] === auth.password;
      if (!known) return callback(reply(535, '5.7.8 Authentication credentials invalid'));
      callback(null, { user: { name, method: auth.method } satisfies SessionUser });
    },
    onRcptTo(address, _session, callback) {
      const code = refuse?.(address.address) ?? null;
      if (code === null) return callback();
      const text =
        code >= 500
          ? `5.1.1 <${address.address}>: mailbox unavailable`
          : `4.2.1 <${address.address}>: mailbox busy, try again later`;
      callback(reply(code, text));
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (mail) => {
          if (stream.sizeExceeded) return callback(reply(552, '5.3.4 message exceeds the size limit'));
          if (faults.defer > 0) {
            faults.defer--;
            return callback(reply(451, '4.3.0 local error in processing, try again later'));
          }
          keep(mail);
          callback();
        },
        (err: unknown) => callback(reply(451, `4.3.0 could not read the message: ${String(err)}`)),
      );
    },
  });
  // A client that hangs up mid-session is an 'error' here; the sink carries on.
  server.on('error', () => {});
  const connect = server.connect.bind(server);
  server.connect = (socket, socketOptions) => {
    if (faults.drop > 0) {
      faults.drop--;
      (socket as Socket).destroy();
      return;
    }
    connect(socket, socketOptions);
  };

  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  const url = `${tls === 'implicit' ? 'smtps' : 'smtp'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const page = await startMailPage({
    host,
    port: options.pagePort ?? 0,
    messages: () => messages,
    url,
  }).catch(async (err: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  });

  return {
    host,
    port,
    url,
    tls,
    ca: certificate?.cert,
    pageUrl: page.url,
    messages,
    waitFor: (count, timeoutMs = 10_000) => waitFor(messages, waiters, count, timeoutMs),
    refuse(rule) {
      refuse = rule;
    },
    faults: {
      dropConnections: (count) => {
        faults.drop = count;
      },
      busy: (count) => {
        faults.busy = count;
      },
      deferMessages: (count) => {
        faults.defer = count;
      },
    },
    clear() {
      messages.length = 0;
    },
    async close() {
      await page.close();
      for (const connection of server.connections) connection.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<ReceivedMail> {
  const parsed = await simpleParser(stream);
  const user = session.user as SessionUser | undefined;
  const { mailFrom, rcptTo } = session.envelope;
  return {
    envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) },
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    subject: parsed.subject ?? '',
    text: parsed.text,
    html: parsed.html === false ? undefined : parsed.html,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      bytes: a.content,
    })),
    secure: session.secure,
    user: user?.name,
    authMethod: user?.method,
    receivedAt: new Date().toISOString(),
  };
}

function waitFor(
  messages: ReceivedMail[],
  waiters: Set<() => void>,
  count: number,
  timeoutMs: number,
): Promise<ReceivedMail[]> {
  if (messages.length >= count) return Promise.resolve([...messages]);
  return new Promise((resolve, reject) => {
    const wake = () => {
      if (messages.length < count) return;
      done();
      resolve([...messages]);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the mail sink got ${messages.length} of ${count} mails within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      waiters.delete(wake);
    };
    waiters.add(wake);
  });
}
