import { FakeClock } from '../../platform/clock.ts';
import type { Store } from '../../platform/store/types.ts';
import { type MailSink, type MailSinkOptions, startMailSink } from '../../sandbox/mail/index.ts';
import { captureLog } from '../testing/log-capture.ts';
import type { Connector, OutboundPayload } from '../types.ts';
import { smtpConnector } from './index.ts';

/** Test support: a mail sink on 127.0.0.1 and an smtp connection pointed at it. */

export const USER = 'bot@sandbox.test';
export const PASSWORD = 'Sm7p-pa55word-for-tests';

export interface MailRig {
  sink: MailSink;
  connector: Connector;
  logs: string[];
  /** Another connection to the same sink with other options (closed with the rig). */
  connect(options?: Record<string, unknown>): Connector;
  close(): Promise<void>;
}

export async function openMailRig(
  sinkOptions: MailSinkOptions = {},
  options: Record<string, unknown> = {},
): Promise<MailRig> {
  const sink = await startMailSink({ users: { [USER]: PASSWORD }, ...sinkOptions });
  const { log, lines: logs } = captureLog();
  const opened: Connector[] = [];
  const connect = (extra: Record<string, unknown> = {}) => {
    const connector = smtpConnector.create({
      name: 'mail',
      options: {
        host: sink.host,
        port: sink.port,
        user: USER,
        password: PASSWORD,
        from: 'Ops Bot <bot@sandbox.test>',
        to: ['ops@example.com', 'lead@example.com'],
        ...(sink.ca ? { tls: { ca: sink.ca } } : {}),
        ...(sink.tls === 'none' ? { requireTLS: false } : {}),
        ...(sink.tls === 'implicit' ? { secure: true } : {}),
        timeout: 10_000,
        ...options,
        ...extra,
      },
      store: {} as Store,
      log,
      clock: new FakeClock(),
    });
    opened.push(connector);
    return connector;
  };
  const connector = connect();
  return {
    sink,
    connector,
    logs,
    connect,
    async close() {
      for (const c of opened) await c.close?.();
      await sink.close();
    },
  };
}

export const META = { idempotencyKey: 'mail-1', attempt: 1 };

export function portable(text: string, extra: Record<string, unknown> = {}): OutboundPayload {
  return { kind: 'portable', message: { text, ...extra } };
}
