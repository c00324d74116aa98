// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config text with `${file:…}` references.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorksEmulator, type WorksEmulator } from '../../src/sandbox/naverworks/index.ts';
import { type CliResult, Project, until } from '../helpers/cli.ts';
import { CliSession } from '../helpers/cli-session.ts';
import { BOT, BOT_APP, CLIENT, consent, freePort, keys, spawnCli } from '../helpers/works.ts';

/**
 * Runs the NAVER WORKS paths with known secret values — successes, 401s, 429s, token-endpoint
 * failures, a wrong client secret, bad codes, forged callbacks — then greps every CLI output, every
 * log file and every stored error for them. None may appear. Tokens must also be encrypted at rest.
 * The command lines run in one CLI process (`CliSession`, the real commands without a Node start
 * each), so the test fits its timeout with the machine's cores busy; `auth login` and the daemon
 * are processes of their own.
 */

const SECRETS = {
  clientSecret: 'leak-client-secret-7f3a9c2e',
  wrongSecret: 'leak-wrong-secret-5d1e77',
  botSecret: 'leak-bot-secret-91be04aa',
  masterKey: 'c0ffee'.repeat(10) + 'beef',
};
// Any one line of the PEM body would be a leak of the key.
const KEY_LINES = keys.privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));

describe('no secret leaks, end to end', () => {
  const project = new Project('opsbot-leak-');
  const cli = new CliSession(project.dir);
  const outputs: string[] = [];
  const issued = new Set<string>();
  let emu: WorksEmulator;
  let url = '';

  const run = async (...args: string[]): Promise<CliResult> => {
    const r = await cli.run(...args);
    outputs.push(`$ ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    remember();
    return r;
  };
  // Tokens rotate away: note every value the emulator ever handed out.
  const remember = () => {
    for (const t of emu.state.accessTokens.keys()) issued.add(t);
    for (const t of emu.state.refreshTokens.keys()) issued.add(t);
    for (const c of emu.state.authCodes.keys()) issued.add(c);
  };
  const post = (p: string, body: unknown) =>
    fetch(`${url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const port = await freePort();
    emu = await startWorksEmulator({
      clients: [
        {
          ...CLIENT,
          clientSecret: SECRETS.clientSecret,
          publicKeyPem: keys.publicKey,
          redirectUri: `http://127.0.0.1:${port}/oauth/works/callback`,
        },
      ],
      bots: [{ botId: BOT.botId, botSecret: SECRETS.botSecret }],
      channels: [{ channelId: 'room-1', botId: BOT.botId, members: ['u1'] }],
    });
    project.write('client-secret', SECRETS.clientSecret);
    project.write('wrong-secret', SECRETS.wrongSecret);
    project.write('bot-secret', SECRETS.botSecret);
    project.write('master-key', SECRETS.masterKey);
    project.write('works.key', keys.privateKey);
    project.write('bot.ts', BOT_APP);
    const common = (name: string, secretFile: string) => [
      `  ${name}:`,
      '    type: naverworks',
      `    clientId: ${CLIENT.clientId}`,
      `    clientSecret: \${file:./${secretFile}}`,
      `    botId: "${BOT.botId}"`,
      '    botSecret: ${file:./bot-secret}',
      '    scopes: [bot, bot.read]',
      `    apiUrl: ${emu.apiUrl}`,
      `    authUrl: ${emu.authUrl}`,
    ];
    project.write(
      'opsbot.yaml',
      [
        'dataDir: ./data',
        `http: { host: 127.0.0.1, port: ${port} }`,
        'secrets:',
        '  masterKey: ${file:./master-key}',
        'delivery: { lease: 2000, backoff: 100, maxAttempts: 2 }',
        'log: { level: debug }',
        'connections:',
        ...common('works', 'client-secret'),
        '    auth: user',
        ...common('works-sa', 'client-secret'),
        `    serviceAccount: ${CLIENT.serviceAccount}`,
        '    privateKey: ${file:./works.key}',
        ...common('works-bad', 'wrong-secret'),
        `    serviceAccount: ${CLIENT.serviceAccount}`,
        '    privateKey: ${file:./works.key}',
        '  local: { type: sandbox }',
        'targets: { admin: local/channel/admin }',
        'apps:',
        '  bot: { use: ./bot.ts }',
        '  refresher: { use: "builtin:token-refresher" }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await cli.close();
    await project.cleanup();
    await emu.close();
  });

  it('exercises every secret-bearing path', async () => {
    expect((await run('config', 'check')).code).toBe(0);
    expect((await run('config', 'show')).code).toBe(0);
    expect((await run('auth', 'status')).code).toBe(1);

    const login = spawnCli(project.dir, ['auth', 'login', 'works', '--json', '--timeout', '30']);
    const { url: consentUrl } = await login.firstJson;
    expect((await consent(consentUrl ?? '')).status).toBe(200);
    const done = await login.exited;
    outputs.push(done.stdout, done.stderr);
    expect(done.code).toBe(0);
    remember();

    expect((await run('start', '--wait')).code).toBe(0);
    url = (JSON.parse((await run('status', '--json')).stdout) as { url: string }).url;
    await post('/apps/bot/send', { n: 2, to: 'works/channel/room-1' });
    await post('/apps/bot/send', { n: 2, to: 'works-sa/user/u1' });
    await until('4 delivered', () => emu.state.messages.length === 4);
    remember();

    // 401 mid-run → refresh with the stored refresh token; 429; token endpoint down.
    emu.state.expireAllTokens();
    emu.inject({ path: '/messages', status: 429, times: 1, headers: { 'ratelimit-reset': '1' } });
    await post('/apps/bot/send', { n: 1, to: 'works/channel/room-1' });
    await until('after 401 and 429', () => emu.state.messages.length === 5, 20_000);
    emu.state.expireAllTokens();
    emu.inject({ path: '/token', status: 500, times: 1 });
    await post('/apps/bot/send', { n: 1, to: 'works-sa/channel/room-1' });
    await until('after a token 500', () => emu.state.messages.length === 6, 20_000);
    // A wrong client secret: dead on arrival, with an error that names the step, not the secret.
    await post('/apps/bot/send', { n: 1, to: 'works-bad/channel/room-1' });
    await until('dead', async () =>
      (await run('outbox', 'list', '--status', 'dead', '--json')).stdout.includes('works-bad'),
    );

    expect((await run('auth', 'refresh', 'works')).code).toBe(0);
    expect((await run('auth', 'refresh', 'works-sa')).code).toBe(0);
    expect((await run('auth', 'refresh', 'works-bad')).code).toBe(1);
    expect((await run('auth', 'exchange', 'works', '--code', 'bogus')).code).toBe(1);
    expect((await run('auth', 'status', '--json')).code).toBe(0);
    await run('run', 'refresher');
    await emu.postCallback(
      `${url}/hooks/works`,
      BOT.botId,
      { type: 'message', source: { userId: 'u1' }, content: { type: 'text', text: 'hi' } },
      { signature: 'forged' },
    );
    await emu.postCallback(`${url}/hooks/works`, BOT.botId, {
      type: 'message',
      source: { userId: 'u1' },
      content: { type: 'text', text: 'hi' },
    });
    await until('echo', () => emu.state.messages.length === 7);
    for (const args of [
      ['status', '--json'],
      ['status'],
      ['outbox', 'list', '--json', '--limit', '500'],
      ['logs', 'opsbot', '-n', '5000'],
      ['logs', 'bot', '-n', '5000'],
      ['logs', 'refresher', '-n', '5000'],
    ]) {
      await run(...args);
    }
    expect((await run('stop')).code).toBe(0);
    expect(issued.size).toBeGreaterThanOrEqual(5);
  });

  it('finds none of them in CLI output, logs or stored errors', () => {
    const logDir = project.path('data', 'logs');
    const logs = readdirSync(logDir).map((f) => `${f}\n${readFileSync(path.join(logDir, f), 'utf8')}`);
    // The runs above really logged (debug level): an empty haystack would prove nothing.
    expect(logs.join('\n')).toContain('naverworks token issued');
    expect(outputs.join('\n')).toContain('invalid_client');
    const haystack = [...outputs, cli.stray, ...logs].join('\n');
    const needles = [...Object.values(SECRETS), ...KEY_LINES, ...issued];
    const found = needles.filter((n) => haystack.includes(n));
    expect(found).toEqual([]);
  });

  it('keeps tokens encrypted at rest', () => {
    const dataDir = project.path('data');
    const db = readdirSync(dataDir)
      .filter((f) => f.includes('.db') || f.includes('sqlite'))
      .map((f) => readFileSync(path.join(dataDir, f)).toString('latin1'))
      .join('');
    expect(db.length).toBeGreaterThan(0);
    expect([...issued].filter((t) => db.includes(t))).toEqual([]);
  });
});
