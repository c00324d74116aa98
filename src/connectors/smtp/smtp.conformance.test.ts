import { type ConformanceTarget, connectorConformance } from '../conformance.ts';
import { openMailRig, PASSWORD } from './test-harness.ts';

/**
 * SMTP is not HTTP, so the suite's HTTP cases (429, 5xx) do not apply: SMTP's own temporary
 * failures (421, 451, a dropped connection) are retried in index.test.ts. The refusal is a 550 for
 * the recipient, which the mail sink gives as a mailbox server does.
 */
connectorConformance('smtp', { http: false, inbound: false }, async (): Promise<ConformanceTarget> => {
  const rig = await openMailRig({ refuse: (rcpt) => (rcpt === 'gone@example.com' ? 550 : null) });
  return {
    connector: rig.connector,
    destination: 'to/ops@example.com',
    landed: async () => rig.sink.messages.map((m) => m.text ?? ''),
    secrets: [PASSWORD],
    logs: rig.logs,
    refusal: {
      destination: 'to/gone@example.com',
      status: 550,
      reason: 'SMTP server refused the recipients: 550 5.1.1 <gone@example.com>: mailbox unavailable',
    },
    close: () => rig.close(),
  };
});
