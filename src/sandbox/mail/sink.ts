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
import { type SelfSignedCertificate, selfSignedCertificate } from '../tls-cert.ts';
import { startMailPage } from './page.ts';
import type { MailSink, MailSinkOptions, ReceivedMail, SinkTls } from './types.ts';

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

/** What the server's handlers and the returned sink share. */
interface SinkState {
  users: Record<string, string>;
  refuse: ((recipient: string) => number | null) | null;
  messages: ReceivedMail[];
  waiters: Set<() => void>;
  faults: { drop: number; busy: number; defer: number };
}

export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls ?? 'starttls';
  const certificate = tls === 'none' ? null : selfSignedCertificate(host, 'opsbot sandbox mail');
  if (tls !== 'none' && !certificate) {
    throw new Error('the mail sink needs openssl to make its TLS certificate; start it with tls: none');
  }
  const state: SinkState = {
    users: options.users ?? {},
    refuse: options.refuse ?? null,
    messages: [],
    waiters: new Set(),
    faults: { drop: 0, busy: 0, defer: 0 },
  };
  const server = smtpServer(state, tls, certificate, options.size ?? DEFAULT_SIZE);
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const url = `${tls === 'implicit' ? 'smtps' : 'smtp'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const page = await startMailPage({
    host,
    port: options.pagePort ?? 0,
    messages: () => state.messages,
    url,
  }).catch(async (err: unknown) => {
    await closeServer();
    throw err;
  });
  const { faults, messages } = state;

  return {
    host,
    port,
    url,
    tls,
    ca: certificate?.cert,
    pageUrl: page.url,
    messages,
    waitFor: (count, timeoutMs = 10_000) => waitFor(messages, state.waiters, count, timeoutMs),
    refuse(rule) {
      state.refuse = rule;
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
      await closeServer();
    },
  };
}

function smtpServer(
  state: SinkState,
  tls: SinkTls,
  certificate: SelfSignedCertificate | null,
  size: number,
): SMTPServer {
  const { users, faults } = state;
  const withAuth = Object.keys(users).length > 0;
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
    size,
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
      const code = state.refuse?.(address.address) ?? null;
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
          state.messages.push(mail);
          for (const wake of state.waiters) wake();
          callback();
        },
        (err: unknown) => callback(reply(451, `4.3.0 could not read the message: ${String(err)}`)),
      );
    },
  });
  // A client that hangs up mid-session is an 'error' here; the sink carries on.
  server.on('error', () => {});
  // Dropping happens before smtp-server sees the socket: no greeting, just a closed connection.
  const connect = server.connect.bind(server);
  server.connect = (socket, socketOptions) => {
    if (faults.drop > 0) {
      faults.drop--;
      (socket as Socket).destroy();
      return;
    }
    connect(socket, socketOptions);
  };
  return server;
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
