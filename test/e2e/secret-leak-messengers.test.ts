// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${file:…}` references.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailSink, startMailSink } from '../../src/sandbox/mail/index.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack/index.ts';
import { startWebexEmulator, type WebexEmulator } from '../../src/sandbox/webex/index.ts';
import { type CliResult, Project, until } from '../helpers/cli.ts';
import { expectNoSecrets, filesUnder } from '../helpers/leaks.ts';
import { freePort } from '../helpers/works.ts';

/**
 * The Slack, Webex and email connections with known secret values, driven through successes,
 * 429s, a forged Slack request and a refused SMTP login; then every CLI output, log file and byte
 * of the data folder is searched for them. None may appear.
 */

const SECRETS = {
  slackBot: 'xoxb-leak-slack-bot-3c9e1177',
  slackSigning: 'leak-slack-signing-77aa0c4d',
  webexToken: 'leak-webex-token-4b2f90e1',
  webexHook: 'leak-webex-hook-secret-19d3c8',
  smtpPassword: 'leak-smtp-password-5e8b21',
};

const APP = `import { defineApp } from 'opsbot';
export default defineApp({
  async start(ctx) {
    ctx.onCommand('ping', (cmd) => cmd.reply('pong'));
    ctx.onMessage(async (m) => {
      if (m.text === 'ping') await m.reply('pong');
      if (m.text === 'mail') await ctx.notify('mail/to/ops@example.com', 'a mail that cannot log in');
    });
  },
});
`;

const project = new Project('opsbot-leak-msg-');
const outputs: string[] = [];
let slack: SlackEmulator;
let webex: WebexEmulator;
let mail: MailSink;

async function run(...args: string[]): Promise<CliResult> {
  const r = await project.run(...args);
  outputs.push(`$ ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r;
}

beforeAll(async () => {
  slack = await startSlackEmulator({ botToken: SECRETS.slackBot, signingSecret: SECRETS.slackSigning });
  webex = await startWebexEmulator({
    botToken: SECRETS.webexToken,
    people: [{ email: 'mina@example.com', displayName: '김민아' }],
    rooms: [],
  });
  // The sink knows another password: the login is refused (535).
  mail = await startMailSink({ users: { 'bot@example.com': 'the-right-one' } });
  project.write('slack-bot', SECRETS.slackBot);
  project.write('slack-signing', SECRETS.slackSigning);
  project.write('webex-token', SECRETS.webexToken);
  project.write('webex-hook', SECRETS.webexHook);
  project.write('smtp-password', SECRETS.smtpPassword);
  project.write('mail-ca.pem', mail.ca ?? '');
  project.write('app.ts', APP);
  const port = await freePort();
  project.write(
    'opsbot.yaml',
    [
      'dataDir: ./data',
      `http: { host: 127.0.0.1, port: ${port}, publicUrl: "http://127.0.0.1:${port}" }`,
      'delivery: { backoff: 100 }',
      'connections:',
      `  slack: { type: slack, botToken: "\${file:./slack-bot}", signingSecret: "\${file:./slack-signing}", apiUrl: "${slack.apiUrl}" }`,
      `  webex: { type: webex, token: "\${file:./webex-token}", webhookSecret: "\${file:./webex-hook}", apiUrl: "${webex.apiUrl}" }`,
      `  mail: { type: smtp, host: 127.0.0.1, port: ${mail.port}, user: bot@example.com, password: "\${file:./smtp-password}", from: bot@example.com, tls: { ca: "\${file:./mail-ca.pem}" } }`,
      'apps:',
      '  echo: { use: ./app.ts }',
    ].join('\n'),
  );
  const started = await run('start', '--wait');
  expect(started.code, started.stderr).toBe(0);
  slack.requestUrl = `http://127.0.0.1:${port}/hooks/slack`;
  await until('the webex webhooks', () => webex.webhooks().length === 2);
});

afterAll(async () => {
  await project.cleanup();
  await slack?.close();
  await webex?.close();
  await mail?.close();
});

describe('no secret of the Slack, Webex and email connections leaks', () => {
  it('runs every path with the secrets in play', async () => {
    // Slack: a 429 first, then the reply lands; a forged request is refused.
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const ack = await slack.slashCommand({ command: '/ping', user: 'U01MINJUN', channel: 'C01GENERAL' });
    expect(ack.status).toBe(200);
    const forged = await slack.slashCommand(
      { command: '/ping', user: 'U01MINJUN', channel: 'C01GENERAL' },
      { forge: { secret: 'not-the-secret' } },
    );
    expect(forged.status).toBe(401);
    await until('the Slack reply after the 429', () =>
      slack.dmWith('U01MINJUN').some((m) => JSON.stringify(m).includes('pong')),
    );
    // Webex: a 429 on the reply, then it lands; a forged delivery is refused.
    webex.fail('POST /messages', { status: 429, retryAfter: 1 });
    await webex.say({ from: 'mina@example.com', direct: true, text: 'ping' });
    const { deliveries } = await webex.say({
      from: 'mina@example.com',
      direct: true,
      text: 'ping',
      forge: 'wrong-secret',
    });
    expect(deliveries.map((d) => d.status)).toEqual([401]);
    await until('the Webex reply after the 429', () =>
      webex
        .directWith('mina@example.com')
        .some((m) => m.fromBot && (m.markdown ?? m.text ?? '').includes('pong')),
    );
    // Email: the login is refused; the mail goes dead with the server's reply.
    await webex.say({ from: 'mina@example.com', direct: true, text: 'mail' });
    const dead = await until('the dead mail', async () => {
      const list = JSON.parse((await run('outbox', 'list', '--json', '--limit', '50')).stdout) as {
        items: Array<{ destination: string; status: string; lastError: string | null }>;
      };
      return list.items.find((i) => i.destination === 'to/ops@example.com' && i.status === 'dead');
    });
    expect(dead.lastError).toMatch(/535/);
    for (const args of [
      ['status', '--json'],
      ['config', 'show'],
      ['logs', 'echo'],
      ['outbox', 'list'],
    ]) {
      expect((await run(...args)).code).toBe(0);
    }
  });

  it('finds no secret in any output, log or data file', () => {
    expect(filesUnder(project.path('data')).some((f) => f.endsWith('opsbot.log'))).toBe(true);
    expectNoSecrets(SECRETS, outputs, project.path('data'));
  });
});
