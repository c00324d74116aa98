// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${…}` references.
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../platform/config/load.ts';
import { configFiles } from '../../platform/config/test-helpers.ts';
import { smtpConnector } from './index.ts';
import { smtpOptions } from './options.ts';

const files = configFiles();
afterAll(() => files.cleanup());

const BASE = { host: 'smtp.example.com', from: 'bot@example.com' };

function issues(block: Record<string, unknown>): Array<{ path: string; message: string }> {
  const result = smtpOptions.safeParse({ ...BASE, ...block });
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('smtp options', () => {
  it('defaults follow the port: 587 is STARTTLS required, 465 implicit TLS', () => {
    expect(smtpOptions.parse(BASE)).toEqual({
      ...BASE,
      port: 587,
      secure: false,
      requireTLS: true,
      maxBytes: 20 * 1024 * 1024,
      timeout: 30_000,
    });
    expect(smtpOptions.parse({ ...BASE, port: 465 })).toMatchObject({ secure: true, requireTLS: false });
    expect(smtpOptions.parse({ ...BASE, port: 1025, requireTLS: false })).toMatchObject({
      secure: false,
      requireTLS: false,
    });
    expect(smtpOptions.parse({ ...BASE, from: 'Ops Bot <bot@example.com>', maxBytes: '5MB' })).toMatchObject({
      from: 'Ops Bot <bot@example.com>',
      maxBytes: 5 * 1024 * 1024,
    });
  });

  it('refuses the wrong TLS mode for 587 and 465, and half a login, naming keys not values', () => {
    expect(issues({ port: 587, secure: true })).toEqual([
      {
        path: 'secure',
        message: 'port 587 upgrades with STARTTLS: drop secure, or use port 465 for implicit TLS',
      },
    ]);
    expect(issues({ port: 465, secure: false })).toEqual([
      {
        path: 'secure',
        message: 'port 465 is implicit TLS: drop secure: false, or use port 587 for STARTTLS',
      },
    ]);
    expect(issues({ password: 'only-a-password-1' })).toEqual([
      { path: 'user', message: 'user is required with a password' },
    ]);
    expect(issues({ user: 'bot' })).toEqual([
      { path: 'password', message: 'password is required with a user' },
    ]);
    expect(
      issues({ from: 'not-mail-s3cret', to: ['ops@example.com', 'nobody-s3cret'], tls: { ca: 'x' } }),
    ).toEqual([
      {
        path: 'from',
        message: 'from must be an address, or a name and an address ("Ops Bot <bot@example.com>")',
      },
      { path: 'to.1', message: 'each to entry must be an email address' },
      { path: 'tls.ca', message: 'tls.ca must be PEM text' },
    ]);
    expect(issues({ smtpPassword: 'x' })).toEqual([
      { path: '', message: 'Unrecognized key: "smtpPassword"' },
    ]);
  });

  it('declares send to `to` kinds, files, and the bare connection only with a default list', () => {
    const caps = (block: Record<string, unknown>) =>
      smtpConnector.capabilities(smtpConnector.parse(block).data!);
    expect(caps({ type: 'smtp', ...BASE, to: ['ops@example.com'] })).toEqual({
      send: true,
      destinations: ['to'],
      bare: true,
      forms: false,
      files: true,
      receive: false,
      auth: false,
    });
    expect(caps({ type: 'smtp', ...BASE }).bare).toBe(false);
    expect(smtpConnector.definition.defaultRateLimit).toBe(30);
  });
});

describe('smtp connections in opsbot.yaml', () => {
  const connectionTypes = new Map([['smtp', smtpConnector]]);

  it('refuses the bare connection as a target when it has no default `to` list, at its line', async () => {
    const yaml = [
      'connections:', // 1
      '  mail:', // 2
      '    type: smtp', // 3
      '    host: smtp.example.com', // 4
      '    user: bot@example.com', // 5
      '    password: ${env:SMTP_PASSWORD}', // 6
      '    from: bot@example.com', // 7
      'targets:', // 8
      '  report: mail', // 9
      '  manager: mail/to/manager@example.com', // 10
      '',
    ].join('\n');
    const { issues: found } = await checkConfig(await files.write(yaml), {
      connectionTypes,
      env: { SMTP_PASSWORD: 'yaml-pa55word' },
    });
    expect(found).toEqual([
      { path: 'targets.report', line: 9, message: '"mail" needs a destination: mail/<to>/<id>' },
    ]);
  });

  it('loads a block with its password from a secret reference, and masks nothing else', async () => {
    const yaml =
      'connections:\n  mail: { type: smtp, host: smtp.example.com, port: 465, user: bot, password: "${env:P}", from: bot@example.com, to: [ops@example.com] }\n' +
      'targets:\n  ops: mail/to/ops@example.com\n';
    const { config, issues: found } = await checkConfig(await files.write(yaml), {
      connectionTypes,
      env: { P: 'yaml-pa55word' },
    });
    expect(found).toEqual([]);
    expect(config?.connections['mail']).toMatchObject({
      secure: true,
      requireTLS: false,
      password: 'yaml-pa55word',
    });
  });
});
