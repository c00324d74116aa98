import { describe, expect, it } from 'vitest';
import { Redactor } from '../../platform/redact.ts';
import { mailDeliveryError } from './errors.ts';

const PASSWORD = 'Err0r-pa55word';
const redactor = new Redactor();
redactor.addAll([PASSWORD, Buffer.from(`\u0000bot\u0000${PASSWORD}`).toString('base64')]);
const scrub = (text: string) => redactor.redact(text);

/** A nodemailer-shaped error for one SMTP reply. */
function replied(response: string, command: string, code = 'EENVELOPE') {
  return Object.assign(new Error(`failed: ${response}`), {
    code,
    response,
    responseCode: Number(response.slice(0, 3)),
    command,
  });
}

const outcome = (err: unknown) => {
  const e = mailDeliveryError(err, 'smtp.example.com:587', scrub);
  return { retryable: e.retryable, status: e.status, message: e.message };
};

describe('SMTP failures as delivery outcomes', () => {
  it('retries 4xx and 503, gives up on other 5xx with the reply', () => {
    expect(
      [
        replied('421 4.7.0 closing connection', 'MAIL FROM'),
        replied('450 4.2.1 mailbox busy', 'RCPT TO'),
        replied('451 4.3.0 local error', 'DATA', 'EMESSAGE'),
        replied('452 4.3.1 insufficient storage', 'RCPT TO'),
        replied('503 5.5.1 bad sequence', 'DATA', 'EMESSAGE'),
        replied('550 5.1.1 mailbox unavailable', 'RCPT TO'),
        replied('553 5.1.3 bad address syntax', 'MAIL FROM'),
        replied('554 5.7.1 message refused', 'DATA', 'EMESSAGE'),
        replied('535 5.7.8 bad credentials', 'AUTH PLAIN', 'EAUTH'),
      ].map(outcome),
    ).toEqual([
      {
        retryable: true,
        status: 421,
        message: 'SMTP server deferred the sender: 421 4.7.0 closing connection',
      },
      {
        retryable: true,
        status: 450,
        message: 'SMTP server deferred the recipients: 450 4.2.1 mailbox busy',
      },
      { retryable: true, status: 451, message: 'SMTP server deferred the mail: 451 4.3.0 local error' },
      {
        retryable: true,
        status: 452,
        message: 'SMTP server deferred the recipients: 452 4.3.1 insufficient storage',
      },
      { retryable: true, status: 503, message: 'SMTP server deferred the mail: 503 5.5.1 bad sequence' },
      {
        retryable: false,
        status: 550,
        message: 'SMTP server refused the recipients: 550 5.1.1 mailbox unavailable',
      },
      {
        retryable: false,
        status: 553,
        message: 'SMTP server refused the sender: 553 5.1.3 bad address syntax',
      },
      { retryable: false, status: 554, message: 'SMTP server refused the mail: 554 5.7.1 message refused' },
      { retryable: false, status: 535, message: 'SMTP server refused the login: 535 5.7.8 bad credentials' },
    ]);
  });

  it('retries connection failures: refused, timed out, TLS', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ESOCKET',
      originalCode: 'ECONNREFUSED',
    });
    const timedOut = Object.assign(new Error('Greeting never received'), {
      code: 'ETIMEDOUT',
      timeoutType: 'GREETING_TIMEOUT',
    });
    const tls = Object.assign(new Error('Error initiating TLS - wrong version number'), { code: 'ETLS' });
    expect([refused, timedOut, tls].map(outcome)).toEqual([
      {
        retryable: true,
        status: undefined,
        message: 'SMTP connection to smtp.example.com:587 failed: ECONNREFUSED',
      },
      {
        retryable: true,
        status: undefined,
        message: 'SMTP connection to smtp.example.com:587 failed: timed out (GREETING_TIMEOUT)',
      },
      {
        retryable: true,
        status: undefined,
        message:
          'SMTP connection to smtp.example.com:587 failed: ETLS: Error initiating TLS - wrong version number',
      },
    ]);
  });

  it('scrubs a reply that quotes the password or the AUTH PLAIN token', () => {
    const token = Buffer.from(`\u0000bot\u0000${PASSWORD}`).toString('base64');
    const err = replied(`535 5.7.8 login ${token} with ${PASSWORD} refused`, 'AUTH PLAIN', 'EAUTH');
    expect(outcome(err).message).toBe(
      'SMTP server refused the login: 535 5.7.8 login [redacted] with [redacted] refused',
    );
  });

  it('a login without a reply (missing credentials) is dead; an unknown failure is retried', () => {
    const missing = Object.assign(new Error('Missing credentials for "PLAIN"'), {
      code: 'EAUTH',
      command: 'API',
    });
    expect(outcome(missing)).toEqual({
      retryable: false,
      status: undefined,
      message: 'SMTP login failed: Missing credentials for "PLAIN"',
    });
    expect(outcome(new Error('something odd'))).toEqual({
      retryable: true,
      status: undefined,
      message: 'SMTP send failed: something odd',
    });
  });
});
